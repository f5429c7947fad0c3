package io.pvstream.ingest.write;

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

import io.pvstream.ingest.CollectingSink;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.WallClock;
import io.pvstream.ingest.ca.ChannelController;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.simioc.SimulatedIoc;

/**
 * The writer on real CA over loopback, without Kafka: a ChannelController monitoring a simulated
 * IOC's PVs, and a PvWriter putting on them. Covers every value type the union carries; the
 * Kafka path and the breaker scenarios are in devstack's PvWriteEndToEndTest.
 */
class PvWriterIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int SETPOINTS = 200;
    /** Setpoints from here on are written all at once; the ones before serve single tests. */
    private static final int FIRST_BULK_SETPOINT = 5;
    private static final String[] MONITORED = {"DOUBLE", "FLOAT", "LONG", "SHORT", "BYTE", "ENUM", "STRING",
        "LONGWAVE", "STRWAVE", "WAVE", "ASYNC", "SP00001", "RO"};

    private static SimulatedIoc ioc;
    private static ChannelController channels;
    private static PvWriter writer;

    @BeforeAll
    static void start() {
        ioc = SimulatedIoc.builder().pvCount(0).updateRateHz(0).setpointCount(SETPOINTS).waveformLength(8)
                .asyncPutDelay(Duration.ofMillis(300)).build().start();
        IngestConfig config = IngestConfig.load(Map.of(), Map.of(
                IngestConfig.CA_ADDR_LIST, ioc.addressList(),
                IngestConfig.INSTANCE_ID, "writer-it-" + System.nanoTime()));
        channels = new ChannelController(config, new CollectingSink());
        channels.start();
        for (String suffix : MONITORED) {
            channels.monitor(ioc.pvName(suffix));
        }
        for (int i = 2; i <= SETPOINTS; i++) {
            channels.monitor(ioc.setpointName(i));
        }
        await().atMost(TIMEOUT).until(() -> channels.connectedCount() == MONITORED.length + SETPOINTS - 1
                && List.of(MONITORED).stream().allMatch(s -> channels.monitored(ioc.pvName(s)).facts() != null
                        && channels.monitored(ioc.pvName(s)).latestValue() != null));
        WriteSettings settings = new WriteSettings("unused", 100, Duration.ofSeconds(2),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 3), 3, Duration.ofSeconds(30), 1000,
                config.getInt(IngestConfig.CA_MAX_ARRAY_BYTES));
        // as pv.config would give it: SP00004 is verified by a PV that never follows it
        Map<String, String> configuredReadbacks = Map.of(ioc.setpointName(4), ioc.pvName("RO"));
        writer = new PvWriter("writer-it", settings, channels::monitored, configuredReadbacks::get, channels::context,
                (channelName, onValue) -> () -> { },
                new CircuitBreakers(3, Duration.ofSeconds(30), WallClock::nowNanos), WallClock::nowNanos);
    }

    @AfterAll
    static void stop() {
        if (writer != null) {
            writer.close();
        }
        if (channels != null) {
            channels.close();
        }
        ioc.close();
    }

    private static PvWrite.Builder write(String suffix, Object value) {
        long now = WallClock.nowNanos();
        return PvWrite.newBuilder().setJobId("job-it").setAttempt(1).setPvName(ioc.pvName(suffix)).setValue(value)
                .setVerifyTimeoutMs(3000).setRequestedNs(now).setDeadlineNs(now + TimeUnit.SECONDS.toNanos(20));
    }

    private static PvWriteResult perform(PvWrite.Builder command) throws Exception {
        CompletableFuture<PvWriteResult> result = new CompletableFuture<>();
        writer.submit(command.build(), result::complete);
        return result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertVerified(PvWriteResult result) {
        assertThat(result.getOutcome()).as("%s", result).isEqualTo(WriteOutcome.VERIFIED);
        assertThat(result.getTries()).isEqualTo(1);
        assertThat(result.getIoc()).isEqualTo(ioc.addressList());
        assertThat(result.getInstance()).isEqualTo("writer-it");
        assertThat(result.getMessage()).isNull();
    }

    @Test
    void scalarsOfEveryTypeAreWrittenAndVerified() throws Exception {
        assertVerified(perform(write("DOUBLE", -3.25)));
        assertThat(ioc.value(ioc.pvName("DOUBLE"))).isEqualTo(-3.25);
        assertVerified(perform(write("FLOAT", 1.5)));
        assertThat(ioc.value(ioc.pvName("FLOAT"))).isEqualTo(1.5f);
        assertVerified(perform(write("LONG", 123_456L)));
        assertThat(ioc.value(ioc.pvName("LONG"))).isEqualTo(123_456);
        assertVerified(perform(write("SHORT", 42L)));
        assertThat(ioc.value(ioc.pvName("SHORT"))).isEqualTo((short) 42);
        assertVerified(perform(write("BYTE", 9L)));
        assertThat(ioc.value(ioc.pvName("BYTE"))).isEqualTo((byte) 9);
        assertVerified(perform(write("STRING", "restored")));
        assertThat(ioc.value(ioc.pvName("STRING"))).isEqualTo("restored");
    }

    @Test
    void anEnumIsWrittenByIndex() throws Exception {
        PvWriteResult result = perform(write("ENUM", new EnumValue(2, "FAULT")));
        assertVerified(result);
        assertThat(result.getReadback()).isEqualTo("FAULT (2)");
        assertThat(ioc.value(ioc.pvName("ENUM"))).isEqualTo((short) 2);
    }

    @Test
    void arraysAreWrittenElementWise() throws Exception {
        List<Long> ramp = List.of(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertVerified(perform(write("LONGWAVE", new LongArray(ramp))));
        assertThat((int[]) ioc.value(ioc.pvName("LONGWAVE"))).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        List<String> words = List.of("w", "x", "y", "z");
        assertVerified(perform(write("STRWAVE", new StringArray(words))));
        assertThat((String[]) ioc.value(ioc.pvName("STRWAVE"))).containsExactly("w", "x", "y", "z");
        DoubleArray wave = new DoubleArray(List.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5));
        assertVerified(perform(write("WAVE", wave)));
    }

    @Test
    void anAsynchronouslyCompletingPutIsVerifiedAfterItsCallback() throws Exception {
        long putsBefore = ioc.writeCount(ioc.pvName("ASYNC"));
        assertVerified(perform(write("ASYNC", 12.5)));
        assertThat(ioc.value(ioc.pvName("ASYNC"))).isEqualTo(12.5);
        assertThat(ioc.writeCount(ioc.pvName("ASYNC"))).isEqualTo(putsBefore + 1);
    }

    @Test
    void aReadbackThisInstanceDoesNotMonitorIsWatchedOnAChannelOfItsOwn() throws Exception {
        assertThat(channels.monitored(ioc.readbackName(1))).isNull();
        PvWriteResult result = perform(write("SP00001", 33.0).setReadbackPv(ioc.readbackName(1)));
        assertVerified(result);
        assertThat(result.getReadback()).isEqualTo("33.0");
        assertThat(ioc.value(ioc.readbackName(1))).isEqualTo(33.0);
    }

    @Test
    void aReadbackThatNeverMatchesEndsWrittenNotVerifiedWithTheLastValue() throws Exception {
        PvWriteResult result = perform(write("SP00001", 10.0).setReadbackPv(ioc.pvName("RO")).setVerifyTimeoutMs(500));
        assertThat(result.getOutcome()).isEqualTo(WriteOutcome.WRITTEN_NOT_VERIFIED);
        assertThat(result.getReadback()).isEqualTo("42.0");
        assertThat(result.getMessage()).contains(ioc.pvName("RO")).contains("500 ms");
        assertThat(ioc.value(ioc.setpointName(1))).isEqualTo(10.0);
    }

    @Test
    void withoutAReadbackInTheCommandTheOneFromPvConfigIsUsed() throws Exception {
        PvWriteResult byConfig = perform(write("SP00004", 20.0).setVerifyTimeoutMs(500));
        assertThat(byConfig.getOutcome()).isEqualTo(WriteOutcome.WRITTEN_NOT_VERIFIED);
        assertThat(byConfig.getMessage()).contains(ioc.pvName("RO"));
        assertThat(byConfig.getReadback()).isEqualTo("42.0");

        PvWriteResult byCommand = perform(write("SP00004", 21.0).setReadbackPv(ioc.setpointName(4)));
        assertVerified(byCommand);
        assertThat(byCommand.getReadback()).isEqualTo("21.0");
    }

    @Test
    void aToleranceAcceptsAReadbackThatIsCloseEnough() throws Exception {
        // a FLOAT cannot hold 0.1 exactly: only a tolerance verifies it
        assertThat(perform(write("FLOAT", 0.1).setVerifyTimeoutMs(500)).getOutcome())
                .isEqualTo(WriteOutcome.WRITTEN_NOT_VERIFIED);
        assertVerified(perform(write("FLOAT", 0.1).setAttempt(2).setToleranceRel(1e-6)));
    }

    @Test
    void manyWritesAreInFlightAtOnceOnTheOneWriterThread() throws Exception {
        List<CompletableFuture<PvWriteResult>> results = new java.util.ArrayList<>();
        for (int i = FIRST_BULK_SETPOINT; i <= SETPOINTS; i++) {
            CompletableFuture<PvWriteResult> result = new CompletableFuture<>();
            writer.submit(write("SP", i / 4.0).setPvName(ioc.setpointName(i)).build(), result::complete);
            results.add(result);
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (int i = FIRST_BULK_SETPOINT; i <= SETPOINTS; i++) {
            assertVerified(results.get(i - FIRST_BULK_SETPOINT).get());
            assertThat(ioc.value(ioc.setpointName(i))).isEqualTo(i / 4.0);
        }
    }

    @Test
    void refusalsNeedNoPut() throws Exception {
        long roPuts = ioc.writeCount(ioc.pvName("RO"));
        PvWriteResult readOnly = perform(write("RO", 1.0));
        assertThat(readOnly.getOutcome()).isEqualTo(WriteOutcome.SKIPPED_NO_WRITE_ACCESS);
        assertThat(readOnly.getTries()).isZero();
        assertThat(ioc.writeCount(ioc.pvName("RO"))).isEqualTo(roPuts);

        PvWriteResult outOfRange = perform(write("DOUBLE", 11.0));
        assertThat(outOfRange.getOutcome()).isEqualTo(WriteOutcome.OUT_OF_RANGE);
        assertThat(outOfRange.getMessage()).contains("-10.0..10.0");

        PvWriteResult notConvertible = perform(write("SHORT", 1_000_000L));
        assertThat(notConvertible.getOutcome()).isEqualTo(WriteOutcome.FAILED);
        assertThat(notConvertible.getMessage()).contains("does not fit");

        PvWriteResult unknown = perform(write("DOUBLE", 1.0).setPvName("NOT:MINE"));
        assertThat(unknown.getOutcome()).isEqualTo(WriteOutcome.FAILED);
        assertThat(unknown.getMessage()).contains("NOT:MINE").contains("not monitored");

        PvWriteResult late = perform(write("DOUBLE", 1.0).setDeadlineNs(WallClock.nowNanos() - 1));
        assertThat(late.getOutcome()).isEqualTo(WriteOutcome.TIMED_OUT);
        assertThat(late.getTries()).isZero();
    }
}
