package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pvstream.ingest.CollectingSink;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.simioc.SimulatedIoc;

/** Real CA over loopback: a ChannelController against an in-process simulated IOC on a free port. */
class ChannelControllerIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int WAVE_LENGTH = 4096; // 32 KiB of doubles: above CAJ's default 16384 bytes

    private static SimulatedIoc ioc;
    private CollectingSink sink;
    private ChannelController controller;

    @BeforeAll
    static void startIoc() {
        ioc = SimulatedIoc.builder().pvCount(3).updateRateHz(2).setpointCount(1).waveformLength(WAVE_LENGTH).build();
        ioc.start();
    }

    @AfterAll
    static void stopIoc() {
        ioc.close();
    }

    @AfterEach
    void closeController() {
        if (controller != null) {
            controller.close();
        }
    }

    private ChannelController start(Map<String, Object> extra) {
        Map<String, Object> overrides = new HashMap<>(Map.of(
                IngestConfig.CA_ADDR_LIST, ioc.addressList(),
                IngestConfig.INSTANCE_ID, "it-" + System.nanoTime()));
        overrides.putAll(extra);
        sink = new CollectingSink();
        controller = new ChannelController(IngestConfig.load(Map.of(), overrides), sink);
        controller.start();
        return controller;
    }

    private PvValue awaitValue(String pv) {
        await().atMost(TIMEOUT).until(() -> sink.latestValue(pv) != null);
        return sink.latestValue(pv);
    }

    private PvMeta awaitMeta(String pv) {
        await().atMost(TIMEOUT).until(() -> sink.latestMeta(pv) != null);
        return sink.latestMeta(pv);
    }

    @Test
    void valuesOfEveryDbrTypeArriveWithTheirAvroTypeAndIocTime() {
        start(Map.of());
        List<String> pvs = List.of("DOUBLE", "FLOAT", "LONG", "SHORT", "BYTE", "ENUM", "STRING",
                "WAVE", "LONGWAVE", "STRWAVE").stream().map(ioc::pvName).toList();
        pvs.forEach(controller::monitor);

        await().atMost(TIMEOUT).until(() -> pvs.stream().allMatch(pv -> sink.latestValue(pv) != null));

        assertThat(sink.latestValue(ioc.pvName("DOUBLE")).getValue()).isEqualTo(1.5);
        assertThat(sink.latestValue(ioc.pvName("FLOAT")).getValue()).isEqualTo(2.5);
        assertThat(sink.latestValue(ioc.pvName("LONG")).getValue()).isEqualTo(7L);
        assertThat(sink.latestValue(ioc.pvName("SHORT")).getValue()).isEqualTo(3L);
        assertThat(sink.latestValue(ioc.pvName("BYTE")).getValue()).isEqualTo(1L);
        assertThat(sink.latestValue(ioc.pvName("STRING")).getValue()).isEqualTo("hello");
        assertThat(sink.latestValue(ioc.pvName("WAVE")).getValue()).isInstanceOfSatisfying(DoubleArray.class,
                wave -> assertThat(wave.getValues()).hasSize(WAVE_LENGTH));
        assertThat(sink.latestValue(ioc.pvName("LONGWAVE")).getValue()).isEqualTo(
                new LongArray(LongStream.range(0, WAVE_LENGTH).boxed().toList()));
        assertThat(sink.latestValue(ioc.pvName("STRWAVE")).getValue()).isEqualTo(
                new StringArray(List.of("alpha", "beta", "gamma", "delta")));
        // labels come from the CTRL monitor, subscribed before the value monitor
        await().atMost(TIMEOUT).until(() -> new EnumValue(0, "OFF").equals(sink.latestValue(ioc.pvName("ENUM")).getValue()));

        long nowNs = System.currentTimeMillis() * 1_000_000L;
        for (String pv : pvs) {
            PvValue value = sink.latestValue(pv);
            assertThat(value.getTimestampNs()).as("IOC time of %s", pv)
                    .isBetween(nowNs - Duration.ofMinutes(5).toNanos(), nowNs + Duration.ofMinutes(1).toNanos());
            assertThat(value.getSeverity()).as("severity of %s", pv).isEqualTo(Severity.NO_ALARM);
        }
    }

    @Test
    void metadataCarriesUnitsLimitsLabelsAndAccessRights() {
        start(Map.of());
        String moving = ioc.simulatedPvName(1);
        List.of(moving, ioc.pvName("ENUM"), ioc.pvName("RO"), ioc.pvName("DOUBLE"), ioc.pvName("WAVE"))
                .forEach(controller::monitor);

        PvMeta analog = awaitMeta(moving);
        assertThat(analog.getType()).isEqualTo(DbrType.DOUBLE);
        assertThat(analog.getCount()).isEqualTo(1);
        assertThat(analog.getUnits()).isEqualTo("mA");
        assertThat(analog.getPrecision()).isEqualTo(3);
        assertThat(analog.getDisplayLow()).isEqualTo(0.0);
        assertThat(analog.getDisplayHigh()).isEqualTo(100.0);
        assertThat(analog.getAlarmLoLo()).isEqualTo(5.0);
        assertThat(analog.getAlarmLow()).isEqualTo(10.0);
        assertThat(analog.getAlarmHigh()).isEqualTo(90.0);
        assertThat(analog.getAlarmHiHi()).isEqualTo(95.0);
        assertThat(analog.getWriteAccess()).isTrue();

        PvMeta enumMeta = awaitMeta(ioc.pvName("ENUM"));
        assertThat(enumMeta.getType()).isEqualTo(DbrType.ENUM);
        assertThat(enumMeta.getEnumLabels()).containsExactly("OFF", "ON", "FAULT");

        assertThat(awaitMeta(ioc.pvName("RO")).getWriteAccess()).isFalse();
        assertThat(awaitMeta(ioc.pvName("RO")).getReadAccess()).isTrue();
        assertThat(awaitMeta(ioc.pvName("DOUBLE")).getWriteAccess()).isTrue();
        assertThat(awaitMeta(ioc.pvName("WAVE")).getCount()).isEqualTo(WAVE_LENGTH);
    }

    @Test
    void aValueSetInTheIocShowsUp() {
        start(Map.of());
        String longPv = ioc.pvName("LONG");
        String enumPv = ioc.pvName("ENUM");
        controller.monitor(longPv);
        controller.monitor(enumPv);
        awaitValue(longPv);
        awaitValue(enumPv);

        ioc.set(longPv, 123456);
        ioc.set(enumPv, 2);

        await().atMost(TIMEOUT).until(() -> sink.latestValue(longPv).getValue().equals(123456L));
        await().atMost(TIMEOUT).until(() -> new EnumValue(2, "FAULT").equals(sink.latestValue(enumPv).getValue()));
    }

    @Test
    void connectionRecordsNameTheServerAndInstance() {
        start(Map.of());
        String pv = ioc.pvName("DOUBLE");
        controller.monitor(pv);
        await().atMost(TIMEOUT).until(() -> sink.latestConnection(pv) != null);
        var connection = sink.latestConnection(pv);
        assertThat(connection.getConnected()).isTrue();
        assertThat(connection.getServer()).isEqualTo("127.0.0.1:" + ioc.port());
        assertThat(connection.getInstance()).startsWith("it-");
        assertThat(controller.pvCount()).isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> controller.connectedCount() == 1);
    }

    @Test
    void oversizedWaveformIsSkippedAloneWhileItsNeighboursKeepUpdating() {
        start(Map.of(IngestConfig.CA_MAX_ARRAY_BYTES, "16384"));
        String wave = ioc.pvName("WAVE");
        String neighbour = ioc.pvName("DOUBLE");
        controller.monitor(wave);
        controller.monitor(neighbour);

        assertThat(awaitMeta(wave).getCount()).isEqualTo(WAVE_LENGTH); // metadata still known
        awaitValue(neighbour);
        ioc.set(neighbour, 4.25);
        await().atMost(TIMEOUT).until(() -> sink.latestValue(neighbour).getValue().equals(4.25));
        assertThat(sink.latestValue(wave)).isNull();
        assertThat(sink.latestConnection(neighbour).getConnected()).isTrue(); // the TCP link survived
        // the error is data: in the PV's connection record and in the instance's list of PVs with an error
        assertThat(sink.latestConnection(wave).getConnected()).isTrue();
        assertThat(sink.latestConnection(wave).getError()).contains("waveform too large", "ca.max.array.bytes=16384");
        assertThat(sink.latestConnection(neighbour).getError()).isNull();
        ChannelController.PvErrors errors = controller.pvErrors(10);
        assertThat(errors.count()).isEqualTo(1);
        assertThat(errors.first()).singleElement().satisfies(e -> assertThat(e.getName()).isEqualTo(wave));
    }

    @Test
    void stoppedPvPublishesNothingMore() {
        start(Map.of());
        String pv = ioc.simulatedPvName(2); // moves at 2 Hz
        controller.monitor(pv);
        await().atMost(TIMEOUT).until(() -> sink.values.stream().filter(v -> v.getName().equals(pv)).count() >= 2);

        controller.stop(pv);
        await().atMost(TIMEOUT).until(() -> controller.pvCount() == 0);
        long countAfterStop = sink.values.stream().filter(v -> v.getName().equals(pv)).count();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> sink.values.stream().filter(v -> v.getName().equals(pv)).count() <= countAfterStop + 1);
    }

    @Test
    void closeStopsPublishingAndLeavesNoControlThread() {
        start(Map.of(IngestConfig.INSTANCE_ID, "it-close"));
        String pv = ioc.simulatedPvName(3);
        controller.monitor(pv);
        awaitValue(pv);

        controller.close();
        controller.close(); // idempotent
        int countAfterClose = sink.recordCount();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ca-control-it-close"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> sink.recordCount() == countAfterClose);
        assertThat(sink.connectionsOf(pv)).noneMatch(c -> !c.getConnected()); // no misleading disconnect
    }
}
