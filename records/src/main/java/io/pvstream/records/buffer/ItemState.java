package io.pvstream.records.buffer;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.pvstream.records.db.ConfirmedSource;

/** Where the version of an entity the API shows is on its way to the database (the {@code "state"} of an item). */
public enum ItemState {
    /** Buffered in Kafka, not yet seen in the database's WAL. */
    PENDING,
    /** In the primary database (seen in CDC, or read from the primary). */
    COMMITTED,
    /** Read from the replica: confirmed end to end. */
    REPLICATED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of an entity read from {@code source} that has no pending entry. */
    public static ItemState confirmedFrom(ConfirmedSource source) {
        return source == ConfirmedSource.REPLICA ? REPLICATED : COMMITTED;
    }
}
