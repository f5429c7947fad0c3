package io.pvstream.records.buffer;

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
