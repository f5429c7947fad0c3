package io.pvstream.ingest.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.PvMonitoring;
import io.pvstream.ingest.ca.MonitorMasks;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.serde.Serdes;

/**
 * Keeps the monitored PV set equal to the PVs of this instance's pv.config partitions.
 *
 * <p>pv.config is compacted and holds the whole desired state, so offsets are never committed
 * and every newly assigned partition is read from its beginning: a record means "monitor", a
 * tombstone "stop"; revoked or lost partitions stop their PVs. With the cooperative sticky
 * assignor a rebalance only moves the partitions that change owner, so the other PVs keep their
 * monitors. The loop owns its consumer and closes it; it never calls CA itself.
 *
 * <p>A partition is <em>ready</em> once it has been read up to the end offset it had when assigned:
 * from then on every PV of it has been asked to be monitored, so the restore writer, which takes the
 * pv.writes partitions of the same numbers, does not mistake a PV not read yet for one not owned.
 */
public final class PvConfigLoop implements Runnable, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PvConfigLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final PvMonitoring monitoring;
    private final Map<TopicPartition, Set<String>> pvsByPartition = new HashMap<>();
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private final Map<String, String> readbackPvs = new ConcurrentHashMap<>();
    private volatile Set<Integer> assignedPartitions = Set.of();
    private volatile Set<Integer> readyPartitions = Set.of();
    private volatile boolean running = true;
    private boolean badRecordLogged;

    public PvConfigLoop(Consumer<String, byte[]> consumer, PvMonitoring monitoring) {
        this.consumer = consumer;
        this.monitoring = monitoring;
    }

    @Override
    public void run() {
        try {
            subscribe();
            while (running) {
                pollOnce(POLL_TIMEOUT);
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } catch (RuntimeException e) {
            log.error("pv.config consumer failed; the monitored PV set no longer follows pv.config", e);
        } finally {
            closeConsumer();
        }
    }

    /** Ends the loop from any thread; the loop closes its consumer (which revokes its partitions). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** pv.config partitions this instance holds now. */
    public Set<Integer> assignedPartitions() {
        return assignedPartitions;
    }

    /** The readback PV configured for {@code pv} ({@code PvConfig.readbackPv}), null if none; from any thread. */
    public String readbackPvOf(String pv) {
        return readbackPvs.get(pv);
    }

    /** Assigned pv.config partitions read up to their end offset at assignment (all their PVs requested). */
    public Set<Integer> readyPartitions() {
        return readyPartitions;
    }

    void subscribe() {
        consumer.subscribe(List.of(Topics.PV_CONFIG), this);
    }

    void pollOnce(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            apply(record);
        }
        if (!catchingUp.isEmpty()
                && catchingUp.entrySet().removeIf(target -> consumer.position(target.getKey()) >= target.getValue())) {
            publishAssignment();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String pv = record.key();
        if (pv == null || pv.isBlank()) {
            logBadRecordOnce(record, "record without a PV name as key");
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            Set<String> pvs = pvsByPartition.get(partition);
            if (pvs != null && pvs.remove(pv)) {
                readbackPvs.remove(pv);
                monitoring.stop(pv);
            }
            return;
        }
        PvConfig config;
        try {
            config = Serdes.PV_CONFIG.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            logBadRecordOnce(record, "undecodable PvConfig: " + e.getMessage());
            return;
        }
        pvsByPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(pv);
        String readback = config.getReadbackPv();
        if (readback == null || readback.isBlank()) {
            readbackPvs.remove(pv);
        } else {
            readbackPvs.put(pv, readback);
        }
        monitoring.monitor(pv, MonitorMasks.of(config.getMonitorMask()), config.getProtocol());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        for (TopicPartition partition : partitions) {
            pvsByPartition.putIfAbsent(partition, new HashSet<>());
        }
        consumer.seekToBeginning(partitions);
        endOffsets(partitions).forEach((tp, end) -> {
            if (end > 0) { // an empty partition is caught up at once
                catchingUp.put(tp, end);
            }
        });
        publishAssignment();
        log.info("pv.config partitions assigned: {}; now holding {}", partitions, assignedPartitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        release(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        release(partitions, "lost");
    }

    private void release(Collection<TopicPartition> partitions, String why) {
        if (partitions.isEmpty()) {
            return;
        }
        int stopped = 0;
        for (TopicPartition partition : partitions) {
            catchingUp.remove(partition);
            Set<String> pvs = pvsByPartition.remove(partition);
            if (pvs != null) {
                pvs.forEach(readbackPvs::remove);
                pvs.forEach(monitoring::stop);
                stopped += pvs.size();
            }
        }
        publishAssignment();
        log.info("pv.config partitions {}: {}; stopped {} PVs", why, partitions, stopped);
    }

    private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        try {
            return consumer.endOffsets(partitions);
        } catch (RuntimeException e) { // e.g. a timeout: monitoring must go on, writes may then fail early
            log.warn("cannot read the end offsets of {}; counting them as caught up: {}", partitions, e.toString());
            return Map.of();
        }
    }

    private void publishAssignment() {
        Set<Integer> partitions = new TreeSet<>();
        pvsByPartition.keySet().forEach(tp -> partitions.add(tp.partition()));
        assignedPartitions = Collections.unmodifiableSet(partitions); // sorted, for logs and heartbeats
        Set<Integer> ready = new TreeSet<>(partitions);
        catchingUp.keySet().forEach(tp -> ready.remove(tp.partition()));
        readyPartitions = Collections.unmodifiableSet(ready);
    }

    private void logBadRecordOnce(ConsumerRecord<String, byte[]> record, String problem) {
        if (!badRecordLogged) {
            badRecordLogged = true;
            log.warn("skipping pv.config record at {}-{}@{}: {} (logged once)",
                    record.topic(), record.partition(), record.offset(), problem);
        }
    }

    private void closeConsumer() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            log.warn("pv.config consumer close failed: {}", e.toString());
        }
    }
}
