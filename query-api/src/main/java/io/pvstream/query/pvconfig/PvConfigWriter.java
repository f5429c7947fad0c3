package io.pvstream.query.pvconfig;

import java.util.List;

/** Where the desired PV set is changed: {@code pv.config}. Implementations are thread-safe. */
public interface PvConfigWriter extends AutoCloseable {

    /**
     * Publishes the specs (in order: a later one of the same PV wins) and returns once Kafka has all of them.
     *
     * @throws PvConfigUnavailable when Kafka did not take them all in time
     */
    void put(List<PvSpec> specs);

    /** Publishes the tombstone of {@code name} (stop monitoring it) and returns once Kafka has it. */
    void delete(String name);

    @Override
    void close();

    /** Kafka did not acknowledge a change: the client should retry (the change is idempotent). */
    final class PvConfigUnavailable extends RuntimeException {
        public PvConfigUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
