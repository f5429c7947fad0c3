package io.pvstream.records.buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.pvstream.schemas.Topics;

/**
 * {@link DeadLetters} over Kafka: a short-lived consumer per request (these are rare operator actions), assigned
 * to partition 0 of {@code ops.tx.dlq} without a consumer group, so reading commits nothing.
 */
public final class KafkaDeadLetters implements DeadLetters {

    static final String HEADER_TOPIC = "__connect.errors.topic";
    static final String HEADER_PARTITION = "__connect.errors.partition";
    static final String HEADER_OFFSET = "__connect.errors.offset";
    static final String HEADER_CONNECTOR = "__connect.errors.connector.name";
    static final String HEADER_EXCEPTION_CLASS = "__connect.errors.exception.class.name";
    static final String HEADER_EXCEPTION_MESSAGE = "__connect.errors.exception.message";
    /** Added to a replayed record: the dead-letter offset it came from. */
    static final String HEADER_REPLAYED_FROM = "pvstream.replayed.from.dlq.offset";

    private static final TopicPartition DLQ = new TopicPartition(Topics.OPS_TX_DLQ, 0);

    private final Map<String, Object> clientProps;
    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaDeadLetters(Map<String, Object> clientProps, Producer<byte[], byte[]> producer, Duration timeout) {
        this.clientProps = clientProps;
        this.producer = producer;
        this.timeout = timeout;
    }

    @Override
    public List<DeadLetter> list(Long after, int limit) {
        return read(after == null ? null : after + 1, limit).stream().map(KafkaDeadLetters::deadLetter).toList();
    }

    @Override
    public Optional<DeadLetter> find(long offset) {
        return record(offset).map(KafkaDeadLetters::deadLetter);
    }

    @Override
    public Replayed replay(long offset) throws Exception {
        ConsumerRecord<byte[], byte[]> dead = record(offset)
                .orElseThrow(() -> new IllegalStateException("no dead letter at offset " + offset));
        String topic = header(dead.headers(), HEADER_TOPIC);
        Headers headers = new RecordHeaders();
        headers.add(HEADER_REPLAYED_FROM, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        RecordMetadata written = producer.send(new ProducerRecord<>(topic, null, dead.key(), dead.value(), headers))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Replayed(offset, topic, written.partition(), written.offset());
    }

    private Optional<ConsumerRecord<byte[], byte[]>> record(long offset) {
        return read(offset, 1).stream().filter(found -> found.offset() == offset).findFirst();
    }

    /** Records from {@code from} (null = the oldest kept) up to the end offset as of now, at most {@code limit}. */
    private List<ConsumerRecord<byte[], byte[]>> read(Long from, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(limit))) {
            consumer.assign(List.of(DLQ));
            long begin = consumer.beginningOffsets(List.of(DLQ), timeout).get(DLQ);
            long end = consumer.endOffsets(List.of(DLQ), timeout).get(DLQ);
            long start = from == null ? begin : Math.max(begin, from);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            if (start >= end) {
                return records;
            }
            consumer.seek(DLQ, start);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < limit && consumer.position(DLQ, timeout) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (records.size() < limit && record.offset() < end) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    private Map<String, Object> consumerProps(int limit) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, limit));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pvstream-query-api-dlq");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
        String value = text(record.value());
        boolean truncated = value != null && value.length() > DeadLetter.MAX_VALUE_CHARS;
        return new DeadLetter(record.offset(), Instant.ofEpochMilli(record.timestamp()).toString(),
                header(record.headers(), HEADER_TOPIC), number(header(record.headers(), HEADER_PARTITION), Integer::valueOf),
                number(header(record.headers(), HEADER_OFFSET), Long::valueOf),
                header(record.headers(), HEADER_CONNECTOR), header(record.headers(), HEADER_EXCEPTION_CLASS),
                header(record.headers(), HEADER_EXCEPTION_MESSAGE), text(record.key()),
                truncated ? value.substring(0, DeadLetter.MAX_VALUE_CHARS) : value, truncated);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static <N> N number(String text, java.util.function.Function<String, N> parse) {
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
