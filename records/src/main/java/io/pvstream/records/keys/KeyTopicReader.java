package io.pvstream.records.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ApiKey;
import io.pvstream.schemas.serde.Serdes;

/**
 * Reads {@code security.keys} from the beginning into {@link KnownKeys} and keeps following it, on a thread of its
 * own, without a consumer group (every instance reads everything). A plain consumer rather than a global store of
 * the Streams topology: the keys must be checkable before Streams has rebalanced, and the reader must know when it
 * has read the whole topic once ({@link #onLoaded}: the first-start key is generated only then).
 */
public final class KeyTopicReader implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KnownKeys keys;
    private final Runnable onLoaded;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param onLoaded runs once on the reader's thread when the topic has been read to its end
     */
    public KeyTopicReader(Map<String, Object> kafkaProps, String clientId, KnownKeys keys, Runnable onLoaded) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.keys = keys;
        this.onLoaded = onLoaded;
        this.thread = new Thread(this, "security-keys-" + clientId);
        this.thread.setDaemon(true);
    }

    public synchronized void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            boolean loaded = false;
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (!loaded && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded = true;
                    keys.markLoaded();
                    log.info("API keys loaded: {} known", keys.all().size());
                    runOnLoaded();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                log.error("API key reader woken unexpectedly; keys stop following {}", Topics.SECURITY_KEYS, e);
            }
        } catch (RuntimeException e) {
            log.error("API key reader failed; keys stop following {}", Topics.SECURITY_KEYS, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void runOnLoaded() {
        try {
            onLoaded.run();
        } catch (RuntimeException e) {
            log.error("after loading the API keys", e);
        }
    }

    private List<TopicPartition> partitions() {
        while (!stopping) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(Topics.SECURITY_KEYS, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            log.warn("topic {} not found yet; API keys other than the configured one are refused meanwhile",
                    Topics.SECURITY_KEYS);
        }
        return null;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String hash = new String(record.key(), StandardCharsets.UTF_8);
        try {
            ApiKey key = record.value() == null ? null : Serdes.API_KEY.deserialize(record.topic(), record.value());
            keys.apply(hash, key);
        } catch (RuntimeException e) {
            log.warn("skipping unreadable record at offset {} of {}: {}", record.offset(), record.topic(), e.toString());
        }
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (this) {
            if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
                consumer.close(Duration.ZERO);
                return;
            }
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
