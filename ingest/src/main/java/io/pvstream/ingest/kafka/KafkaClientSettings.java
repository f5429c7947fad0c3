package io.pvstream.ingest.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.schemas.config.CommonConfig;

/**
 * Properties of the ingest's Kafka clients: the platform's common ones ({@code bootstrap.servers}
 * and the {@code kafka.*} pass-through, which may tune anything) plus what the ingest relies on.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /** Idempotent, acks=all, keyed by PV name; values are pre-serialized on the publish thread. */
    public static Map<String, Object> producerProps(IngestConfig config) {
        Map<String, Object> props = CommonConfig.kafkaClientProps(config);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pvstream-ingest-" + config.instanceId());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, config.getInt(IngestConfig.PRODUCER_LINGER_MS));
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.getString(IngestConfig.PRODUCER_COMPRESSION));
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, config.getInt(IngestConfig.PRODUCER_BATCH_SIZE));
        // Not overridable: duplicates or reordering of one PV's updates would corrupt change streams.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * The pv.config consumer. pv.config is the whole desired state and is read from the beginning
     * on every assignment, so offsets are never committed.
     */
    public static Map<String, Object> consumerProps(IngestConfig config) {
        Map<String, Object> props = CommonConfig.kafkaClientProps(config);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pvstream-ingest-config-" + config.instanceId());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(IngestConfig.CONSUMER_GROUP));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // client-side assignors exist only in the classic group protocol
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.getInt(IngestConfig.GROUP_SESSION_TIMEOUT_MS));
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Math.max(1_000, config.getInt(IngestConfig.GROUP_SESSION_TIMEOUT_MS) / 4));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /**
     * The pv.writes consumer: assigned by hand (no rebalances of its own), reads only committed
     * transactions (a restore job's commands are published in one), commits by hand after the results.
     */
    public static Map<String, Object> writeConsumerProps(IngestConfig config) {
        Map<String, Object> props = CommonConfig.kafkaClientProps(config);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pvstream-ingest-writes-" + config.instanceId());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(IngestConfig.WRITE_MAX_IN_FLIGHT));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(IngestConfig.WRITE_CONSUMER_GROUP));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
