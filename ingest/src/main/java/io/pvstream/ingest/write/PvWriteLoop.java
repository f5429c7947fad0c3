package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.serde.Serdes;

/**
 * Reads the write commands of the PVs this instance owns and hands them to the writer.
 *
 * <p>pv.writes is partitioned like pv.config, so the loop {@code assign()}s the pv.writes partitions
 * with the numbers of this instance's (caught-up) pv.config partitions and follows them as they move;
 * it takes part in no group rebalance of its own. A command's offset is committed only after its
 * result is acknowledged by Kafka; since writes finish out of order, each partition commits up to
 * its oldest unfinished command ({@link OffsetTracker}). A crash re-delivers, never loses; a
 * command seen again in this process is skipped ({@link RecentWrites}). At most {@code maxInFlight}
 * writes are under way: beyond that the loop stops taking commands until results come back.
 *
 * <p>The loop owns its consumer and closes it; writes and results run on other threads and only
 * report completions back through a queue.
 */
public final class PvWriteLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PvWriteLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long DEFAULT_COMMIT_INTERVAL_MS = 200;
    private static final long PERMIT_WAIT_MS = 50;

    /** A write whose result was acknowledged (or failed to publish). */
    private record Completion(TopicPartition partition, long offset, boolean acknowledged) {
    }

    private final Consumer<String, byte[]> consumer;
    private final Supplier<Set<Integer>> ownedPartitions;
    private final WriteExecutor writer;
    private final ResultSink results;
    private final Semaphore permits;
    private final RecentWrites recent;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong publishErrors = new AtomicLong();
    private final long commitIntervalMs;
    private volatile boolean running = true;
    private long lastCommitMs;
    private boolean badRecordLogged;

    /**
     * @param ownedPartitions the pv.config partitions whose PVs this instance monitors (read from any thread)
     */
    public PvWriteLoop(Consumer<String, byte[]> consumer, Supplier<Set<Integer>> ownedPartitions,
                       WriteExecutor writer, ResultSink results, int maxInFlight, int dedupCapacity) {
        this(consumer, ownedPartitions, writer, results, maxInFlight, dedupCapacity, DEFAULT_COMMIT_INTERVAL_MS);
    }

    /** @param commitIntervalMs least time between two commits (tests use 0) */
    PvWriteLoop(Consumer<String, byte[]> consumer, Supplier<Set<Integer>> ownedPartitions, WriteExecutor writer,
                ResultSink results, int maxInFlight, int dedupCapacity, long commitIntervalMs) {
        this.commitIntervalMs = commitIntervalMs;
        this.consumer = consumer;
        this.ownedPartitions = ownedPartitions;
        this.writer = writer;
        this.results = results;
        this.permits = new Semaphore(maxInFlight);
        this.recent = new RecentWrites(dedupCapacity);
    }

    @Override
    public void run() {
        try {
            while (running) {
                runOnce(POLL_TIMEOUT);
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } catch (RuntimeException e) {
            log.error("pv.writes consumer failed; this instance performs no more restore writes", e);
        } finally {
            drainCompletions();
            commitQuietly();
            closeConsumer();
        }
    }

    /** Ends the loop from any thread; it commits what is acknowledged and closes its consumer. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Commands skipped because they were already taken (redelivered). */
    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    /** Results Kafka did not acknowledge; their commands stay uncommitted and are delivered again after a restart. */
    public long publishErrors() {
        return publishErrors.get();
    }

    void runOnce(Duration timeout) {
        followAssignment();
        if (trackers.isEmpty()) {
            awaitCompletion(timeout); // nothing to poll (a consumer without partitions may not poll)
        } else {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                take(record);
            }
        }
        drainCompletions();
        commitIfDue(false);
    }

    private void followAssignment() {
        Set<TopicPartition> wanted = new HashSet<>();
        for (int partition : ownedPartitions.get()) {
            wanted.add(new TopicPartition(Topics.PV_WRITES, partition));
        }
        if (wanted.equals(trackers.keySet())) {
            return;
        }
        drainCompletions();
        commitIfDue(true); // what leaves is committed as far as it got; its new owner goes on from there
        trackers.keySet().retainAll(wanted);
        wanted.forEach(tp -> trackers.computeIfAbsent(tp, p -> new OffsetTracker()));
        consumer.assign(wanted); // new partitions start at their committed offset (earliest if none)
        log.info("pv.writes partitions now {}", wanted.stream().map(TopicPartition::partition).sorted().toList());
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        OffsetTracker tracker = trackers.get(tp);
        if (tracker == null || !ownedPartitions.get().contains(record.partition())) {
            return; // the partition moved on meanwhile: its new owner writes it
        }
        long offset = record.offset();
        tracker.started(offset);
        PvWrite command = decode(record);
        if (command == null) {
            tracker.finished(offset);
            return;
        }
        if (!recent.firstTime(command.getJobId(), command.getAttempt(), command.getPvName())) {
            duplicatesSkipped.incrementAndGet();
            tracker.finished(offset);
            return;
        }
        if (!acquirePermit()) {
            return; // stopping: the command stays uncommitted and is delivered again
        }
        writer.submit(command, result -> results.publish(result, error -> {
            permits.release();
            completions.add(new Completion(tp, offset, error == null));
            if (error != null) {
                publishErrors.incrementAndGet();
                log.error("result of {} for job {} not published; its command stays uncommitted: {}",
                        result.getPvName(), result.getJobId(), error.toString());
            }
        }));
    }

    /** Waits for a free slot, committing what finishes meanwhile; false if the loop is stopping. */
    private boolean acquirePermit() {
        try {
            while (!permits.tryAcquire(PERMIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return false;
                }
                drainCompletions();
                commitIfDue(false);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PvWrite decode(ConsumerRecord<String, byte[]> record) {
        try {
            return record.value() == null ? null : Serdes.PV_WRITE.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (!badRecordLogged) {
                badRecordLogged = true;
                log.warn("skipping undecodable pv.writes record at {}-{}@{}: {} (logged once)",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
            }
            return null;
        }
    }

    private void awaitCompletion(Duration timeout) {
        try {
            Completion first = completions.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                apply(first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void drainCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            apply(completion);
        }
    }

    private void apply(Completion completion) {
        OffsetTracker tracker = trackers.get(completion.partition());
        if (tracker != null && completion.acknowledged()) {
            tracker.finished(completion.offset());
        }
    }

    private void commitIfDue(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - lastCommitMs < commitIntervalMs) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        trackers.forEach((tp, tracker) -> {
            long committable = tracker.committable();
            if (committable >= 0) {
                offsets.put(tp, new OffsetAndMetadata(committable));
            }
        });
        lastCommitMs = now;
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, offset) -> trackers.get(tp).committed(offset.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("pv.writes offset commit failed (retried with the next one): {}", e.toString());
        }
    }

    private void commitQuietly() {
        for (int tries = 0; tries < 2; tries++) {
            try {
                commitIfDue(true);
                return;
            } catch (WakeupException e) {
                // stop() arrived outside a blocking call and its wakeup hit this commit: once more
            } catch (RuntimeException e) {
                log.warn("final pv.writes commit failed: {}", e.toString());
                return;
            }
        }
    }

    private void closeConsumer() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            log.warn("pv.writes consumer close failed: {}", e.toString());
        }
    }
}
