package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.AvroSerde;
import io.pvstream.schemas.serde.Serdes;

/**
 * What the ingest publishes, read straight from pv.values (no Streams in between): the newest IOC timestamp of
 * each PV, so a fault of the ingest is measured by the ingest alone.
 */
final class PvValuesWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> newest = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    PvValuesWatch(String bootstrapServers) {
        AvroSerde.trustOurPackages();
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PV_VALUES).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        poller = new Thread(this::poll, "pv-values-watch");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        PvValue value = Serdes.PV_VALUE.deserializer().deserialize(record.topic(), record.value());
                        newest.merge(record.key(), value.getTimestampNs(), Math::max);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Whether every one of {@code pvs} was published with an IOC timestamp after {@code sinceNs}. */
    boolean allPublishedAfter(List<String> pvs, long sinceNs) {
        return pvs.stream().allMatch(pv -> newest.getOrDefault(pv, 0L) > sinceNs);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
    }
}
