package io.pvstream.query.pvconfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.serde.Serdes;

/**
 * Writes {@code pv.config} (compacted, key = PV name) with an idempotent {@code acks=all} producer, so an
 * acknowledged change survives a broker failure and a retried send is not written twice out of order.
 * Writing the same spec again changes nothing for the ingest, so clients may retry freely.
 */
public final class KafkaPvConfigWriter implements PvConfigWriter {

    private final KafkaProducer<String, PvConfig> producer;
    private final Duration timeout;

    /** @param timeout how long one request's records may take to be acknowledged */
    public KafkaPvConfigWriter(Map<String, Object> kafkaClientProps, String clientId, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafkaClientProps);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5); // bulk imports fill batches
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int requestMs = (int) Math.max(timeout.toMillis(), 1_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestMs + 1_000); // at least linger + request
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), Serdes.PV_CONFIG.serializer());
        this.timeout = Duration.ofMillis(requestMs + 1_000L);
    }

    @Override
    public void put(List<PvSpec> specs) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(specs.size());
        try {
            for (PvSpec spec : specs) {
                sent.add(producer.send(new ProducerRecord<>(Topics.PV_CONFIG, spec.name(), spec.toAvro())));
            }
        } catch (RuntimeException e) { // e.g. metadata not available within max.block.ms
            throw new PvConfigUnavailable("cannot send to " + Topics.PV_CONFIG + ": " + e.getMessage(), e);
        }
        awaitAll(sent);
    }

    @Override
    public void delete(String name) {
        try {
            awaitAll(List.of(producer.send(new ProducerRecord<>(Topics.PV_CONFIG, name, null))));
        } catch (PvConfigUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PvConfigUnavailable("cannot send to " + Topics.PV_CONFIG + ": " + e.getMessage(), e);
        }
    }

    private void awaitAll(List<Future<RecordMetadata>> sent) {
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1); // after delivery.timeout
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new PvConfigUnavailable("Kafka refused a " + Topics.PV_CONFIG + " record: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new PvConfigUnavailable("Kafka did not acknowledge " + Topics.PV_CONFIG + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PvConfigUnavailable("interrupted", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
