package io.pvstream.ingest.pva;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pvstream.ingest.CollectingSink;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.ingest.write.PutTarget;
import io.pvstream.ingest.write.PutValues;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.simioc.pva.SimPvaServer;

/** pvAccess monitors and puts of the ingest against the simulated pvAccess IOC over loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PvaChannelsIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String P = "pva://IT16:";

    private SimPvaServer server;
    private PvaChannels channels;
    private final CollectingSink sink = new CollectingSink();

    @BeforeAll
    void start() {
        server = SimPvaServer.start("IT16:", Duration.ofMillis(20)); // first: it sends no beacons
        channels = new PvaChannels(IngestConfig.load(Map.of(), Map.of(IngestConfig.INSTANCE_ID, "pva-it")), sink);
        for (String pv : server.pvNames()) {
            channels.monitor("pva://" + pv, pv);
        }
        await().atMost(PATIENCE).until(() -> channels.connectedCount() == server.pvNames().size());
    }

    @AfterAll
    void stop() {
        channels.close();
        server.close();
    }

    private PvValue awaitValue(String pv) {
        await().atMost(PATIENCE).until(() -> sink.latestValue(pv) != null);
        return sink.latestValue(pv);
    }

    @Test
    void anNtScalarGivesValueTimestampAlarmAndMetadata() {
        PvValue value = awaitValue(P + "DOUBLE");
        assertThat(value.getValue()).isEqualTo(1.5);
        assertThat(value.getSeverity()).isEqualTo(Severity.NO_ALARM);
        assertThat(value.getStatus()).isEqualTo(AlarmStatus.NO_ALARM);
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        assertThat(value.getTimestampNs()).isBetween(nowNs - TimeUnit.MINUTES.toNanos(5), nowNs);
        PvMeta meta = sink.latestMeta(P + "DOUBLE");
        assertThat(meta.getType()).isEqualTo(DbrType.DOUBLE);
        assertThat(meta.getUnits()).isEqualTo("mA");
        assertThat(meta.getPrecision()).isEqualTo(3);
        assertThat(meta.getDisplayLow()).isEqualTo(-100.0);
        assertThat(meta.getControlHigh()).isEqualTo(100.0);
        assertThat(meta.getAlarmHiHi()).isEqualTo(90.0);
        assertThat(meta.getAlarmHigh()).isNull(); // NaN = no limit
        assertThat(meta.getWriteAccess()).isFalse();
        assertThat(sink.latestConnection(P + "DOUBLE").getServer()).isEqualTo("127.0.0.1:" + server.tcpPort());
        assertThat(sink.latestConnection(P + "DOUBLE").getInstance()).isEqualTo("pva-it");
    }

    /** The first update of each (another test writes them). */
    @Test
    void anEnumGivesItsLabelAnArrayItsElementsAStringItsText() {
        assertThat(firstValue(P + "ENUM")).isEqualTo(new EnumValue(1, "On"));
        assertThat(sink.latestMeta(P + "ENUM").getEnumLabels()).containsExactly("Off", "On", "Fault");
        assertThat(((DoubleArray) firstValue(P + "WAVE")).getValues())
                .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(sink.metas.stream().filter(m -> m.getName().equals(P + "WAVE")).findFirst().orElseThrow()
                .getCount()).isEqualTo(8);
        assertThat(firstValue(P + "STRING")).isEqualTo("hello");
        assertThat(firstValue(P + "LONG")).isEqualTo(7L);
        assertThat(sink.latestMeta(P + "LONG").getType()).isEqualTo(DbrType.LONG);
    }

    @Test
    void anAlarmMapsToTheCaSeverityAndConditionName() {
        server.setAlarm("IT16:STRING", 2, 3, "HIHI");
        await().atMost(PATIENCE).until(() -> sink.latestValue(P + "STRING") != null
                && sink.latestValue(P + "STRING").getStatus() == AlarmStatus.HIHI);
        assertThat(sink.latestValue(P + "STRING").getSeverity()).isEqualTo(Severity.MAJOR);
    }

    @Test
    void metadataIsPublishedWhenItChangesNotWithEveryValue() {
        awaitValue(P + "AI");
        server.set("IT16:AI", 61.0);
        await().atMost(PATIENCE).until(() -> Double.valueOf(61.0).equals(valueOf(P + "AI")));
        assertThat(sink.metas.stream().filter(m -> m.getName().equals(P + "AI"))).hasSize(1);
        server.setUnits("IT16:AI", "V");
        await().atMost(PATIENCE).until(() -> "V".equals(sink.latestMeta(P + "AI").getUnits()));
        assertThat(sink.metas.stream().filter(m -> m.getName().equals(P + "AI"))).hasSize(2);
    }

    @Test
    void anUnmappedStructureIsReportedWithItsErrorNotDropped() {
        await().atMost(PATIENCE).until(() -> channels.pvErrors().containsKey(P + "TABLE"));
        assertThat(channels.pvErrors().get(P + "TABLE")).contains("epics:nt/NTTable:1.0").contains("not monitored");
        assertThat(sink.latestConnection(P + "TABLE").getError()).contains("NTTable");
        assertThat(sink.latestConnection(P + "TABLE").getConnected()).isTrue();
        assertThat(sink.latestValue(P + "TABLE")).isNull();
    }

    @Test
    void putsWithCompletionReachTheServer() throws Exception {
        put(P + "SP", 12.5);
        assertThat(server.value("IT16:SP").toString()).contains("12.5");
        await().atMost(PATIENCE).until(() -> Double.valueOf(12.5).equals(valueOf(P + "RB")));
        put(P + "ENUM", "Fault");
        await().atMost(PATIENCE).until(() -> new EnumValue(2, "Fault").equals(valueOf(P + "ENUM")));
        put(P + "WAVE", new DoubleArray(List.of(9.0, 8.0)));
        await().atMost(PATIENCE).until(() -> new DoubleArray(List.of(9.0, 8.0)).equals(valueOf(P + "WAVE")));
        put(P + "LONG", 99L);
        await().atMost(PATIENCE).until(() -> Long.valueOf(99).equals(valueOf(P + "LONG")));
        assertThat(server.writeCount("IT16:LONG")).isEqualTo(1);
    }

    @Test
    void aReadOnlyPvRefusesWriteAccess() {
        awaitValue(P + "DOUBLE");
        assertThat(((PutTarget) channels.monitored(P + "DOUBLE")).writeAccess()).isFalse();
        assertThat(((PutTarget) channels.monitored(P + "SP")).writeAccess()).isTrue();
    }

    /** A restore's readback that no pv.config names: a channel of its own, whatever this instance monitors. */
    @Test
    void aReadbackMonitorFeedsTheValuesOfAChannelUntilClosed() {
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable close = channels.readbackMonitor("IT16:RB", seen::add);
        try {
            await().atMost(PATIENCE).until(() -> !seen.isEmpty()); // the value now, as a monitor's first update
            server.set("IT16:RB", 77.25);
            await().atMost(PATIENCE).until(() -> seen.contains(77.25));
            assertThat(seen).allMatch(value -> value instanceof Double);
        } finally {
            close.run();
        }
        assertThat(channels.monitored("IT16:RB")).as("it monitors nothing for the pv.config set").isNull();
    }

    private Object firstValue(String pv) {
        awaitValue(pv);
        return sink.values.stream().filter(v -> v.getName().equals(pv)).findFirst().orElseThrow().getValue();
    }

    private Object valueOf(String pv) {
        PvValue value = sink.latestValue(pv);
        return value == null ? null : value.getValue();
    }

    private void put(String pv, Object target) throws Exception {
        awaitValue(pv);
        MonitoredChannel channel = channels.monitored(pv);
        MonitoredChannel.Facts facts = channel.facts();
        CompletableFuture<PutTarget.Outcome> outcome = new CompletableFuture<>();
        ((PutTarget) channel).put(PutValues.of(target, facts.nativeType(), facts.elementCount(), facts.enumLabels()),
                outcome::complete);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(PutTarget.Outcome.DONE);
    }
}
