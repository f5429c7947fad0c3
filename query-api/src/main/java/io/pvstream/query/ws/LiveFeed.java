package io.pvstream.query.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads all of one topic, from its end, for this instance's clients ({@code pv.diffs}, {@code restore.job.progress}).
 * No consumer group: every instance needs every record (any instance may serve any subscription), and a live feed
 * has no offsets worth committing. The loop owns its consumer and closes it when it ends.
 *
 * @param <T> a record as the clients get it
 */
final class LiveFeed<T> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final Map<String, Object> consumerProps;
    private final Function<byte[], T> decode;
    private final Function<List<String>, Set<String>> wanted;
    private final Consumer<List<T>> sink;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private volatile boolean reading;

    /**
     * @param kafkaProps bootstrap servers and the {@code kafka.*} pass-through
     * @param clientId   names this instance's consumer in broker logs and metrics
     * @param decode     a record's value as the clients get it; may throw for a value it cannot read (skipped)
     * @param wanted     given the keys of the records one poll read (one per record, in order), the keys whose records
     *                   are worth decoding: what no client watches is skipped undecoded
     * @param sink       gets what one poll read and kept, in order
     */
    LiveFeed(String topic, Map<String, Object> kafkaProps, String clientId, Function<byte[], T> decode,
             Function<List<String>, Set<String>> wanted, Consumer<List<T>> sink) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // the catalogue gives each topic its configs
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.topic = topic;
        this.consumerProps = props;
        this.decode = decode;
        this.wanted = wanted;
        this.sink = sink;
    }

    @Override
    public void run() {
        KafkaConsumer<String, byte[]> owned = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer = owned;
        try {
            List<TopicPartition> partitions = awaitPartitions(owned);
            if (partitions == null) {
                return;
            }
            owned.assign(partitions);
            owned.seekToEnd(partitions);
            partitions.forEach(owned::position); // resolve "end" now: records from here on reach the clients
            reading = true;
            log.info("reading {} from its end ({} partitions)", topic, partitions.size());
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = owned.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<String> keys = new ArrayList<>(records.count());
                records.forEach(record -> keys.add(record.key()));
                Set<String> keep = wanted.apply(keys);
                List<T> batch = new ArrayList<>(keep.size());
                for (ConsumerRecord<String, byte[]> record : records) {
                    T item = keep.contains(record.key()) ? decoded(record) : null;
                    if (item != null) {
                        batch.add(item);
                    }
                }
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("the {} feed stopped; WebSocket clients of this instance get no more of it", topic, e);
        } finally {
            reading = false;
            owned.close(Duration.ofSeconds(5));
        }
    }

    /** Whether the feed has found the end of the topic and reads: everything written from now on reaches clients. */
    boolean reading() {
        return reading;
    }

    /** The partitions of the topic, once it exists and the cluster answers; null when stopping. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> owned) {
        while (!stopping) {
            try {
                List<TopicPartition> partitions = owned.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
                log.warn("{} does not exist yet; retrying", topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("cannot read the partitions of {} yet: {}", topic, e.getMessage());
            }
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** The record for the clients; null for a tombstone or a record we cannot read. */
    private T decoded(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return decode.apply(record.value());
        } catch (RuntimeException e) {
            // One undecodable record (a newer schema we do not know) must not stop the feed.
            log.warn("skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /** Ends the loop; the loop closes its consumer. */
    void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
