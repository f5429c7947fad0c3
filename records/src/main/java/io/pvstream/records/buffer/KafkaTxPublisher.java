package io.pvstream.records.buffer;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.serde.Serdes;

/**
 * Appends transactions to {@code ops.tx} with an idempotent producer and {@code acks=all}: once it returns, the
 * transaction survives the loss of any broker but the last in-sync one, and a retry after a lost answer cannot
 * duplicate it. The key is the entity id (UTF-8, as Streams reads it), so all writes of one entity stay in order.
 */
public final class KafkaTxPublisher implements TxPublisher {

    /**
     * Largest record the producer builds (uncompressed). Kafka brokers refuse anything larger than the topic's
     * {@code max.message.bytes} (compressed) anyway; this only keeps the producer from refusing first.
     */
    public static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaTxPublisher(Producer<byte[], byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    /**
     * A producer for the operations topics.
     *
     * @param clientProps bootstrap servers and {@code kafka.*} pass-through (security)
     * @param timeout     how long a send may take in all (metadata, retries, acknowledgement)
     */
    public static Producer<byte[], byte[]> newProducer(Map<String, Object> clientProps, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0); // a client is waiting: no batching delay
        // Give up when the client stops waiting, not minutes later: the answer then says "may still be applied".
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        // A third of the budget per request: a leader that stops answering (SIGSTOP, a frozen host) is given up and the
        // send retried on the new leader within the budget, not after it (idempotent: a retry of an appended batch is
        // answered as a duplicate, never written twice). The fault suite's broker-pause scenario measures it.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, Math.max(1_000, millis / 3)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // a large configuration's JSON shrinks a lot
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pvstream-query-api-ops");
        return new KafkaProducer<>(props);
    }

    @Override
    public void publish(OpsTransaction tx) throws PublishException {
        publishAll(List.of(tx));
    }

    /**
     * Sends them all, in order, before awaiting any: their acknowledgements overlap instead of adding up. Several are
     * encoded in parallel first (a 40,000-PV snapshot has 35-50 parts: Avro's encoding was a quarter of a save's CPU).
     */
    @Override
    public void publishAll(List<OpsTransaction> txs) throws PublishException {
        List<byte[]> values = (txs.size() > 1 ? txs.parallelStream() : txs.stream())
                .map(tx -> Serdes.OPS_TRANSACTION.serializer().serialize(Topics.OPS_TX, tx))
                .toList();
        List<Sent> sent = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            OpsTransaction tx = txs.get(i);
            byte[] value = values.get(i);
            try {
                sent.add(new Sent(producer.send(new ProducerRecord<>(Topics.OPS_TX,
                        tx.getEntityId().getBytes(StandardCharsets.UTF_8), value)), value.length));
            } catch (KafkaException e) { // thrown by send itself: no metadata in max.block.ms, record too large
                throw failure(e, value.length);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis() + 1_000);
        for (Sent one : sent) {
            try {
                one.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw failure(e.getCause(), one.bytes());
            } catch (TimeoutException e) {
                throw new PublishException("no acknowledgement within " + timeout.toMillis() + " ms", false, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for the acknowledgement", false, e);
            }
        }
    }

    private record Sent(Future<RecordMetadata> acknowledged, int bytes) {
    }

    private static PublishException failure(Throwable cause, int bytes) {
        if (cause instanceof RecordTooLargeException) {
            return new PublishException(bytes + " bytes is more than the topic " + Topics.OPS_TX
                    + " accepts (max.message.bytes); split the write", true, cause);
        }
        return new PublishException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), false, cause);
    }
}
