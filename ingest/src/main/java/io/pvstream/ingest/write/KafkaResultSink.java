package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.serde.Serdes;

/** Publishes results to pv.write.results, key = job id, with the ingest's idempotent acks=all producer. */
public final class KafkaResultSink implements ResultSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaResultSink.class);
    /** Bounded: with Kafka gone a close would otherwise wait out every pending send. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, byte[]> producer;

    public KafkaResultSink(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void publish(PvWriteResult result, Consumer<Exception> done) {
        try {
            byte[] value = Serdes.PV_WRITE_RESULT.serialize(Topics.PV_WRITE_RESULTS, result);
            producer.send(new ProducerRecord<>(Topics.PV_WRITE_RESULTS, result.getJobId(), value),
                    (metadata, error) -> done.accept(error));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close(CLOSE_TIMEOUT); // unsent results: their commands stay uncommitted
        } catch (RuntimeException e) {
            log.warn("pv.write.results producer close failed: {}", e.toString());
        }
    }
}
