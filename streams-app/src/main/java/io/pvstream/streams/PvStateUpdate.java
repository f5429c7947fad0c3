package io.pvstream.streams;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;

/**
 * A change to one part of a PV's {@link PvState}, read from one of the PV topics. Each topic owns one
 * part, so updates from different topics commute: the state does not depend on the order in which
 * value, metadata and connection arrive. A null part is a tombstone and clears that part.
 */
public sealed interface PvStateUpdate {

    /** From {@code pv.values}; null = tombstone. */
    record ValueUpdate(PvValue value) implements PvStateUpdate {
    }

    /** From {@code pv.meta}; null = tombstone. */
    record MetaUpdate(PvMeta meta) implements PvStateUpdate {
    }

    /** From {@code pv.connections}; null = tombstone. */
    record ConnectionUpdate(PvConnection connection) implements PvStateUpdate {
    }

    /**
     * The state after this update.
     *
     * @param name    the PV name (the record key, which is authoritative)
     * @param current the state before, or null if none
     * @return the new state, or null when no part is left (the PV is forgotten)
     */
    default PvState applyTo(String name, PvState current) {
        // Shallow copy: the parts are replaced, never modified, so sharing them is safe and cheap.
        PvValue value = current == null ? null : current.getValue();
        PvMeta meta = current == null ? null : current.getMeta();
        PvConnection connection = current == null ? null : current.getConnection();
        if (this instanceof ValueUpdate update) {
            value = update.value();
        } else if (this instanceof MetaUpdate update) {
            meta = update.meta();
        } else if (this instanceof ConnectionUpdate update) {
            connection = update.connection();
        }
        if (value == null && meta == null && connection == null) {
            return null;
        }
        return new PvState(name, value, meta, connection);
    }
}
