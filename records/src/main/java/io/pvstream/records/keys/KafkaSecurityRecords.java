package io.pvstream.records.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.DomainException;
import io.pvstream.records.db.RateLimitedLog;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ApiKey;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.serde.Serdes;

/**
 * Publishes security records with one idempotent {@code acks=all} producer: keys to {@code security.keys} (waited
 * for: the caller answers only once every instance can learn the key) and audit events to {@code security.audit}
 * (not waited for: a write is never slowed down by its audit record); both also as transactions of the operations
 * buffer ({@code ops.tx}), which bring them into PostgreSQL like every operations record.
 *
 * <p>An audit event Kafka did not take is logged in full (it holds no secret), so it is not lost without trace.
 */
public final class KafkaSecurityRecords implements KeyPublisher, AuditSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSecurityRecords.class);

    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final Supplier<UUID> ids;
    private final EpochClock clock;
    private final RateLimitedLog auditFailures = new RateLimitedLog(log, Duration.ofSeconds(10));

    public KafkaSecurityRecords(Map<String, Object> kafkaProps, String clientId, Duration timeout, ObjectMapper mapper,
                                Supplier<UUID> ids, EpochClock clock) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        // A third of the budget per request: a leader that stops answering (SIGSTOP, a frozen host) is given up and the
        // send retried on the new leader within the budget, not after it (idempotent: a retry of an appended batch is
        // answered as a duplicate, never written twice). The fault suite's broker-pause scenario measures it.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, Math.max(1_000, millis / 3)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.timeout = timeout;
        this.mapper = mapper;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void publish(ApiKey key) {
        long now = clock.nowNs();
        try {
            send(Topics.SECURITY_KEYS, key.getKeyHash(), Serdes.API_KEY.serialize(Topics.SECURITY_KEYS, key))
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            OpsTransaction tx = AuditRecords.keyTransaction(key, ids.get().toString(), now, mapper);
            send(Topics.OPS_TX, key.getId(), Serdes.OPS_TRANSACTION.serialize(Topics.OPS_TX, tx))
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new DomainException.Unavailable("Kafka did not confirm API key " + key.getId() + ": "
                    + cause.getClass().getSimpleName() + "; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException.Unavailable("interrupted while publishing API key " + key.getId());
        }
    }

    @Override
    public void record(AuditEvent event) {
        try {
            send(Topics.SECURITY_AUDIT, event.getId(), Serdes.AUDIT_EVENT.serialize(Topics.SECURITY_AUDIT, event))
                    .whenComplete((ok, error) -> lost(event, error));
            OpsTransaction tx = AuditRecords.auditTransaction(event, ids.get().toString(), mapper);
            send(Topics.OPS_TX, event.getId(), Serdes.OPS_TRANSACTION.serialize(Topics.OPS_TX, tx))
                    .whenComplete((ok, error) -> lost(event, error));
        } catch (KafkaException e) { // send itself: no metadata within max.block.ms
            lost(event, e);
        }
    }

    private void lost(AuditEvent event, Throwable error) {
        if (error != null) {
            auditFailures.warn("audit event not published (" + error.getClass().getSimpleName() + "): "
                    + AuditRecords.view(event, mapper), null);
        }
    }

    private java.util.concurrent.CompletableFuture<Void> send(String topic, String key, byte[] value) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
