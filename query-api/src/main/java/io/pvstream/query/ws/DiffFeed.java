package io.pvstream.query.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * Reads all of pv.diffs, from its end, for this instance's clients. No consumer group: every instance needs
 * every diff (any instance may serve any subscription), and a live feed has no offsets worth committing.
 * The loop owns its consumer and closes it when it ends.
 */
final class DiffFeed implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DiffFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

    private final Map<String, Object> consumerProps;
    private final ServerMessages messages;
    private final Consumer<List<EncodedDiff>> sink;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;

    /**
     * @param kafkaProps bootstrap servers and the {@code kafka.*} pass-through
     * @param clientId   names this instance's consumer in broker logs and metrics
     */
    DiffFeed(Map<String, Object> kafkaProps, String clientId, ServerMessages messages,
             Consumer<List<EncodedDiff>> sink) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // pv.diffs has its own configs
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProps = props;
        this.messages = messages;
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
            partitions.forEach(owned::position); // resolve "end" now: diffs from here on reach the clients
            log.info("reading {} from its end ({} partitions)", Topics.PV_DIFFS, partitions.size());
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = owned.poll(POLL);
                List<EncodedDiff> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    EncodedDiff diff = encode(record);
                    if (diff != null) {
                        batch.add(diff);
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
            log.error("the {} feed stopped; WebSocket clients of this instance get no more diffs", Topics.PV_DIFFS, e);
        } finally {
            owned.close(Duration.ofSeconds(5));
        }
    }

    /** The partitions of pv.diffs, once the topic exists and the cluster answers; null when stopping. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> owned) {
        while (!stopping) {
            try {
                List<TopicPartition> partitions = owned.partitionsFor(Topics.PV_DIFFS).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
                log.warn("{} does not exist yet; retrying", Topics.PV_DIFFS);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("cannot read the partitions of {} yet: {}", Topics.PV_DIFFS, e.getMessage());
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

    /** The record as JSON for the clients; null for a tombstone or a record we cannot read. */
    private EncodedDiff encode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        PvDiff diff;
        try {
            diff = DiffSerdes.PV_DIFF.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // One undecodable record (a newer schema we do not know) must not stop the feed.
            log.warn("skipping undecodable {} record at {}-{}@{}: {}", Topics.PV_DIFFS, record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
        return messages.encode(diff);
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
