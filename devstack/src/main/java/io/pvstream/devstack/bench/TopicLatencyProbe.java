package io.pvstream.devstack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its end and samples IOC timestamp → consumed here, to tell where in the pipeline a
 * latency comes from. The loop owns its consumer and closes it when it ends.
 */
final class TopicLatencyProbe<V> implements Runnable {

    private final String bootstrap;
    private final String topic;
    private final Deserializer<V> values;
    private final ToLongFunction<V> iocTimestampNs;
    private final IngestBenchmark.LatencySample sample = new IngestBenchmark.LatencySample(2_000_000);
    private final Thread thread;
    private volatile long lastLatencyNs = Long.MAX_VALUE;
    private volatile boolean measuring;
    private volatile boolean stopping;

    /** @param iocTimestampNs the IOC timestamp a record carries, or 0 if none */
    TopicLatencyProbe(String bootstrap, String topic, Deserializer<V> values, ToLongFunction<V> iocTimestampNs) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.values = values;
        this.iocTimestampNs = iocTimestampNs;
        this.thread = new Thread(this, "probe-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    void startMeasuring() {
        measuring = true;
    }

    void stop() throws InterruptedException {
        measuring = false;
        stopping = true;
        thread.join(10_000);
    }

    /** Latency of the last record read: tells when a start-up backlog has drained. */
    long lastLatencyMs() {
        return lastLatencyNs / 1_000_000;
    }

    IngestBenchmark.LatencySample sample() {
        return sample;
    }

    @Override
    public void run() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (!stopping) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
                    long stamp = record.value() == null ? 0 : iocTimestampNs.applyAsLong(record.value());
                    if (stamp > 0) {
                        Instant now = Instant.now();
                        lastLatencyNs = now.getEpochSecond() * 1_000_000_000L + now.getNano() - stamp;
                        if (measuring) {
                            sample.add(lastLatencyNs);
                        }
                    }
                }
            }
        }
    }
}
