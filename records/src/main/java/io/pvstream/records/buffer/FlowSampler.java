package io.pvstream.records.buffer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.records.db.Schedulers;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.records.db.RateLimitedLog;

/**
 * Samples end offsets of the CDC and confirmation topics (and the dead-letter count) every interval in the
 * background, so the health report shows rates without asking Kafka while a client waits.
 */
public final class FlowSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowSampler.class);
    static final List<String> APPLIED_TOPICS = OpsTables.ALL.stream()
            .map(table -> Topics.opsCdcTopic(table.name())).toList();

    private final TopicOffsets offsets;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofMinutes(5));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-flow-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private FlowRates.Sample previous; // sampler thread only
    private volatile FlowRates latest;

    public FlowSampler(TopicOffsets offsets, LongSupplier nanoTime, Clock clock) {
        this.offsets = offsets;
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sampleSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The rates between the last two samples; empty until two were taken. */
    public Optional<FlowRates> latest() {
        return Optional.ofNullable(latest);
    }

    /** Takes one sample; the rates exist from the second on. */
    void sample() throws Exception {
        FlowRates.Sample sample = new FlowRates.Sample(nanoTime.getAsLong(), offsets.endOffsetSum(APPLIED_TOPICS),
                offsets.endOffsetSum(List.of(Topics.OPS_TX_CONFIRMED)));
        long deadLetters = offsets.recordCount(Topics.OPS_TX_DLQ);
        if (previous != null) {
            latest = FlowRates.between(previous, sample, deadLetters, clock.instant().toString());
        }
        previous = sample;
    }

    @Override
    public void close() {
        Schedulers.stop(scheduler);
    }

    private void sampleSafely() {
        try {
            sample();
            failures.recovered("sampling the operations topics works again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.warn("cannot sample the end offsets of the operations topics", e);
        }
    }
}
