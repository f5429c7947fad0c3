package io.pvstream.simioc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PvMetadataTest {

    @ParameterizedTest(name = "{0} mA -> {1}")
    @CsvSource({
        "0.0,   LOLO",
        "5.0,   LOLO",
        "5.01,  LOW",
        "10.0,  LOW",
        "10.01, NO_ALARM",
        "50.0,  NO_ALARM",
        "89.99, NO_ALARM",
        "90.0,  HIGH",
        "94.99, HIGH",
        "95.0,  HIHI",
        "100.0, HIHI"})
    void alarmBandsFollowTheEpicsAiRecord(double value, String expected) {
        AlarmState expectedState = switch (expected) {
            case "LOLO" -> AlarmState.LOLO;
            case "LOW" -> AlarmState.LOW;
            case "HIGH" -> AlarmState.HIGH;
            case "HIHI" -> AlarmState.HIHI;
            default -> AlarmState.NO_ALARM;
        };

        assertThat(PvCatalog.SIMULATED_METADATA.alarmFor(value)).isEqualTo(expectedState);
    }

    @ParameterizedTest
    @CsvSource({"0", "3", "97", "100"})
    void simulatedSignalStaysWithinTheDisplayRange(int index) {
        SimulatedSignal signal = new SimulatedSignal(100);
        for (double t = 0; t < SimulatedSignal.PERIOD_SECONDS; t += 0.25) {
            assertThat(signal.valueAt(index, t)).isBetween(0.0, 100.0);
        }
    }
}
