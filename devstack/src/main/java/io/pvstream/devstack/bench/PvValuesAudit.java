package io.pvstream.devstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.pvstream.devstack.bench.IngestBenchmark.LatencySample;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.serde.Serdes;

/**
 * Reads back what the ingest appended to {@code pv.values} during a measuring window and checks it: each PV's updates
 * in IOC-time order (a PV never shows an older value after a newer one), every PV present, how old each PV's newest
 * value was at the window's end, and IOC timestamp → append latency (LogAppendTime). It runs after the window, so the
 * check takes no CPU from the stage it measures; it reads only each record's key and IOC timestamp.
 */
final class PvValuesAudit {

    /** Single-object encoding: marker C3 01 and the 8-byte schema fingerprint precede the record. */
    private static final int HEADER_BYTES = 10;
    private static final int MAX_LATENCY_SAMPLES = 2_000_000;

    /**
     * @param pvsSeen        PVs with at least one update appended in the window
     * @param outOfOrder     updates older (by IOC time) than an update of the same PV appended before them
     * @param stalenessP99Ms over the PVs seen: window end minus the IOC time of the PV's newest appended update
     * @param outOfOrderPvs  PVs with an update out of order, and how far back their IOC time went at most: all PVs
     *                       going back by about the same step points at the clock, a few PVs at a reordering
     * @param firstOutOfOrder the first such update, described (PV, partition@offset, how far back); null if none
     */
    record Result(long records, int pvsSeen, long outOfOrder, LatencySample latency, double stalenessP99Ms,
                  double stalenessMaxMs, int outOfOrderPvs, double maxBackwardsMs, String firstOutOfOrder) {
    }

    private PvValuesAudit() {
    }

    /**
     * @param from        per partition, the end offset at the window's start
     * @param to          per partition, the end offset at the window's end
     * @param windowEndNs wall-clock time of the window's end, ns since the epoch
     */
    static Result read(String bootstrapServers, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                       long windowEndNs) {
        long total = 0;
        for (TopicPartition partition : to.keySet()) {
            total += to.get(partition) - from.get(partition);
        }
        int every = (int) Math.max(1, (total + MAX_LATENCY_SAMPLES - 1) / MAX_LATENCY_SAMPLES);
        LatencySample latency = new LatencySample(MAX_LATENCY_SAMPLES);
        Map<String, long[]> newest = new HashMap<>(); // PV → {newest IOC ns}
        long records = 0;
        long outOfOrder = 0;
        Set<String> outOfOrderPvs = new HashSet<>();
        long maxBackwardsNs = 0;
        String firstOutOfOrder = null;
        BinaryDecoder decoder = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props(bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(to.keySet());
            from.forEach(consumer::seek);
            while (!reached(consumer, to)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= to.get(partition) || record.value() == null) {
                        continue;
                    }
                    byte[] bytes = record.value();
                    decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, decoder);
                    long iocNs = iocTimestamp(decoder);
                    long[] last = newest.computeIfAbsent(record.key(), k -> new long[] {Long.MIN_VALUE});
                    if (iocNs < last[0]) {
                        outOfOrder++;
                        outOfOrderPvs.add(record.key());
                        maxBackwardsNs = Math.max(maxBackwardsNs, last[0] - iocNs);
                        if (firstOutOfOrder == null) {
                            firstOutOfOrder = String.format("%s at %s@%d, IOC time %.1f ms before the PV's newest so far",
                                    record.key(), partition, record.offset(), (last[0] - iocNs) / 1e6);
                        }
                    } else {
                        last[0] = iocNs;
                    }
                    if (records++ % every == 0) {
                        latency.add(record.timestamp() * 1_000_000L - iocNs);
                    }
                }
            }
        }
        LatencySample staleness = new LatencySample(newest.size());
        newest.values().forEach(last -> staleness.add(windowEndNs - last[0]));
        return new Result(records, newest.size(), outOfOrder, latency, staleness.percentileMs(99),
                staleness.percentileMs(100), outOfOrderPvs.size(), maxBackwardsNs / 1e6, firstOutOfOrder);
    }

    /** name (skipped), then timestampNs: the first two fields of PvValue. */
    private static long iocTimestamp(BinaryDecoder decoder) {
        try {
            decoder.skipString();
            return decoder.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException("not a PvValue", e);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> to) {
        for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The ingest's heartbeats, oldest first: they carry its coalesced count and the CA updates it received. */
    static List<IngestHeartbeat> heartbeats(String bootstrapServers) {
        List<IngestHeartbeat> beats = new ArrayList<>();
        try (KafkaConsumer<String, IngestHeartbeat> consumer = new KafkaConsumer<>(props(bootstrapServers),
                new StringDeserializer(), Serdes.INGEST_HEARTBEAT.deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGEST_HEARTBEATS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (!reached(consumer, ends)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> beats.add(r.value()));
            }
        }
        beats.sort((a, b) -> Long.compare(a.getTimestampNs(), b.getTimestampNs()));
        return beats;
    }

    private static Map<String, Object> props(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return props;
    }
}
