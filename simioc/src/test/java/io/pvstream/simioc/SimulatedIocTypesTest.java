package io.pvstream.simioc;

import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_TIME_Byte;
import gov.aps.jca.dbr.DBR_TIME_Double;
import gov.aps.jca.dbr.DBR_TIME_Enum;
import gov.aps.jca.dbr.DBR_TIME_Float;
import gov.aps.jca.dbr.DBR_TIME_Int;
import gov.aps.jca.dbr.DBR_TIME_Short;
import gov.aps.jca.dbr.DBR_TIME_String;
import gov.aps.jca.dbr.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every native DBR type over real CA, with a static IOC (updateRateHz 0) so values stay put. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedIocTypesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int WAVEFORM_LENGTH = 4000; // 32 KB of doubles: above CAJ's 16 KB default

    private SimulatedIoc ioc;
    private CaTestClient client;

    @BeforeAll
    void startIocAndClient() throws CAException {
        ioc = SimulatedIoc.builder().pvCount(5).updateRateHz(0).setpointCount(1)
                .waveformLength(WAVEFORM_LENGTH).build().start();
        client = new CaTestClient(ioc.addressList());
    }

    @AfterAll
    void stopIocAndClient() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            ioc.close();
        }
    }

    @Test
    void eachScalarTypeIsServedWithItsNativeType() throws Exception {
        ioc.set("SIM:ENUM", "OFF");
        assertThat(nativeGet("SIM:DOUBLE", DBRType.TIME_DOUBLE, DBR_TIME_Double.class).getDoubleValue()[0])
                .isEqualTo(1.5);
        assertThat(nativeGet("SIM:FLOAT", DBRType.TIME_FLOAT, DBR_TIME_Float.class).getFloatValue()[0])
                .isEqualTo(2.5f);
        assertThat(nativeGet("SIM:LONG", DBRType.TIME_INT, DBR_TIME_Int.class).getIntValue()[0]).isEqualTo(7);
        assertThat(nativeGet("SIM:SHORT", DBRType.TIME_SHORT, DBR_TIME_Short.class).getShortValue()[0])
                .isEqualTo((short) 3);
        assertThat(nativeGet("SIM:BYTE", DBRType.TIME_BYTE, DBR_TIME_Byte.class).getByteValue()[0])
                .isEqualTo((byte) 1);
        assertThat(nativeGet("SIM:ENUM", DBRType.TIME_ENUM, DBR_TIME_Enum.class).getEnumValue()[0])
                .isEqualTo((short) 0);
        DBR_TIME_String string = nativeGet("SIM:STRING", DBRType.TIME_STRING, DBR_TIME_String.class);
        assertThat(string.getStringValue()[0]).isEqualTo("hello");
        assertThat(string.getSeverity()).isEqualTo(Severity.NO_ALARM);
    }

    @Test
    void waveformsArriveWholeEvenAboveCajsDefaultArrayLimit() throws Exception {
        DBR_TIME_Double wave = nativeGet("SIM:WAVE", DBRType.TIME_DOUBLE, DBR_TIME_Double.class);
        assertThat(wave.getDoubleValue()).hasSize(WAVEFORM_LENGTH);
        assertThat(java.util.Arrays.stream(wave.getDoubleValue()).anyMatch(v -> v != 0.0)).isTrue();

        DBR_TIME_Int longWave = nativeGet("SIM:LONGWAVE", DBRType.TIME_INT, DBR_TIME_Int.class);
        assertThat(longWave.getIntValue()).hasSize(WAVEFORM_LENGTH);
        assertThat(longWave.getIntValue()[WAVEFORM_LENGTH - 1]).isEqualTo(WAVEFORM_LENGTH - 1);

        DBR_TIME_String strings = nativeGet("SIM:STRWAVE", DBRType.TIME_STRING, DBR_TIME_String.class);
        assertThat(strings.getStringValue()).containsExactly("alpha", "beta", "gamma", "delta");
    }

    @Test
    void enumAcceptsALabelFromTheTestHookAndIndexFromAClient() throws Exception {
        Channel channel = client.connect("SIM:ENUM");
        ioc.set("SIM:ENUM", "FAULT");
        assertThat(nativeGet("SIM:ENUM", DBRType.TIME_ENUM, DBR_TIME_Enum.class).getEnumValue()[0])
                .isEqualTo((short) 2);

        AtomicReference<CAStatus> completion = new AtomicReference<>();
        channel.put(1, event -> completion.set(event.getStatus()));
        channel.getContext().flushIO();

        await().atMost(WAIT).until(() -> completion.get() != null);
        assertThat(ioc.value("SIM:ENUM")).isEqualTo((short) 1);
    }

    @Test
    void hookSetOfASimulatedPvDerivesItsAlarmFromTheLimits() throws Exception {
        Queue<DBR> events = client.monitor(client.connect("SIM:PV00001"), DBRType.TIME_DOUBLE);

        ioc.set("SIM:PV00001", 97.0);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> value(e) == 97.0));
        assertThat(last(events).getSeverity()).isEqualTo(Severity.MAJOR_ALARM);
        assertThat(last(events).getStatus()).isEqualTo(gov.aps.jca.dbr.Status.HIHI_ALARM);

        ioc.set("SIM:PV00001", 8.0);
        await().atMost(WAIT).until(() -> value(last(events)) == 8.0);
        assertThat(last(events).getStatus()).isEqualTo(gov.aps.jca.dbr.Status.LOW_ALARM);
        assertThat(last(events).getSeverity()).isEqualTo(Severity.MINOR_ALARM);

        ioc.set("SIM:PV00001", 50.0);
        await().atMost(WAIT).until(() -> value(last(events)) == 50.0);
        assertThat(last(events).getSeverity()).isEqualTo(Severity.NO_ALARM);
        assertThat(ioc.alarm("SIM:PV00001")).isEqualTo(AlarmState.NO_ALARM);
    }

    private <T extends DBR> T nativeGet(String name, DBRType type, Class<T> expected) throws Exception {
        Channel channel = client.connect(name);
        assertThat(channel.getFieldType().getValue()).isEqualTo(type.getValue() - 14); // TIME offset
        return expected.cast(client.get(channel, type));
    }

    private static DBR_TIME_Double last(Queue<DBR> events) {
        return (DBR_TIME_Double) events.stream().reduce((a, b) -> b).orElseThrow();
    }

    private static double value(DBR event) {
        return ((DBR_TIME_Double) event).getDoubleValue()[0];
    }
}
