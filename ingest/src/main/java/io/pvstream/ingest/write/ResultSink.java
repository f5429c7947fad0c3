package io.pvstream.ingest.write;

import java.util.function.Consumer;

import io.pvstream.schemas.avro.PvWriteResult;

/** Where write results go (pv.write.results). */
public interface ResultSink {

    /**
     * Publishes {@code result}; {@code done} is called once, from any thread, with null when Kafka
     * acknowledged it, or with the error when it did not.
     */
    void publish(PvWriteResult result, Consumer<Exception> done);
}
