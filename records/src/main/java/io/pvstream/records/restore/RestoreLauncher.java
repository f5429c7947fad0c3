package io.pvstream.records.restore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.serde.Serdes;

/**
 * Starts a restore job in <b>one Kafka transaction</b>: the job record, every write command and every outcome the
 * planner decided. Readers use {@code read_committed}, so a job is either wholly started or not at all: a crash
 * half-way cannot leave a job that waits for writes nobody will ever send.
 *
 * <p>One transactional producer per query-api instance, with a {@code transactional.id} of its own (a transaction
 * a crashed instance left open is aborted by the broker after the transaction timeout); launches are serialized
 * on it.
 */
public final class RestoreLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreLauncher.class);

    private final Map<String, Object> props;
    private final Duration timeout;
    private Producer<byte[], byte[]> producer;

    /**
     * @param kafkaProps    bootstrap servers and pass-through settings of the instance
     * @param transactionalId unique per instance
     */
    public RestoreLauncher(Map<String, Object> kafkaProps, String transactionalId, Duration timeout) {
        this.props = new HashMap<>(kafkaProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.timeout = timeout;
    }

    /** Returns once the transaction is committed; 503 if Kafka did not take it (nothing of it is visible then). */
    public synchronized void launch(RestoreJob job, RestorePlanner.Plan plan) {
        try {
            Producer<byte[], byte[]> p = producer();
            p.beginTransaction();
            try {
                p.send(record(Topics.RESTORE_JOBS, job.getJobId(), Serdes.RESTORE_JOB.serialize(Topics.RESTORE_JOBS, job)));
                for (PvWrite write : plan.writes()) {
                    p.send(record(Topics.PV_WRITES, write.getPvName(),
                            Serdes.PV_WRITE.serialize(Topics.PV_WRITES, write)));
                }
                for (PvWriteResult result : plan.decided()) {
                    p.send(record(Topics.PV_WRITE_RESULTS, result.getJobId(),
                            Serdes.PV_WRITE_RESULT.serialize(Topics.PV_WRITE_RESULTS, result)));
                }
                p.commitTransaction();
            } catch (KafkaException e) {
                abort(p);
                throw e;
            }
        } catch (ProducerFencedException e) {
            reset();
            throw new Unavailable("another process took over this instance's restore producer; try again");
        } catch (KafkaException e) {
            log.warn("restore job {} not started", job.getJobId(), e);
            reset();
            throw new Unavailable("Kafka did not take restore job " + job.getJobId() + " (nothing of it was"
                    + " started): " + e.getMessage());
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Producer<byte[], byte[]> fresh = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer());
            try {
                fresh.initTransactions();
            } catch (KafkaException e) {
                fresh.close(Duration.ZERO);
                throw e;
            }
            producer = fresh;
        }
        return producer;
    }

    private void abort(Producer<byte[], byte[]> p) {
        try {
            p.abortTransaction();
        } catch (KafkaException e) {
            log.debug("abort failed; the producer is replaced", e);
        }
    }

    private void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
