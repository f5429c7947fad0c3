package io.pvstream.records.buffer;

import java.util.List;

import io.pvstream.schemas.avro.OpsTransaction;

/**
 * Appends buffered transactions to {@code ops.tx}. {@link KafkaTxPublisher} in production; the HTTP tests record
 * what would have been sent.
 */
public interface TxPublisher {

    /**
     * Returns once Kafka has acknowledged {@code tx} (all in-sync replicas).
     *
     * @throws PublishException if it was not acknowledged in time; it may still be appended later
     */
    void publish(OpsTransaction tx) throws PublishException;

    /**
     * Publishes every transaction of {@code txs}, all in flight at once, and returns once Kafka has acknowledged
     * them all. No order among them is promised (each keeps the order of its own entity's writes).
     *
     * @throws PublishException if one was not acknowledged in time; the others may still be appended
     */
    default void publishAll(List<OpsTransaction> txs) throws PublishException {
        for (OpsTransaction tx : txs) {
            publish(tx);
        }
    }

    /** Kafka did not acknowledge a transaction. */
    final class PublishException extends Exception {

        private final boolean tooLarge;

        public PublishException(String message, boolean tooLarge, Throwable cause) {
            super(message, cause);
            this.tooLarge = tooLarge;
        }

        /** Kafka refuses the record for its size: retrying cannot help. */
        public boolean tooLarge() {
            return tooLarge;
        }
    }
}
