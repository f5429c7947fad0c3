package io.pvstream.streams;

import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;

/**
 * A change to one part of a PV's {@link PvState}, read from one of the PV topics. Each topic owns one
 * part, so updates from different topics commute: the state does not depend on the order in which
 * value, metadata and connection arrive. A null part is a tombstone and clears that part.
 *
 * <p>Besides its parts a state carries three marks: when its value was received (for the stale watchdog),
 * whether the PV was removed from {@code pv.config}, and whether the watchdog flagged it stale. A value or
 * connection update clears the stale flag; only a {@link ConfigUpdate} sets or clears the removal.
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

    /** From {@code pv.config}: the PV's desired spec; null = tombstone, the PV was removed from the desired set. */
    record ConfigUpdate(PvConfig config) implements PvStateUpdate {
    }

    /** As {@link #applyTo(String, PvState, long)} at record time 0 (tests, and readers that ignore the marks). */
    default PvState applyTo(String name, PvState current) {
        return applyTo(name, current, 0L);
    }

    /**
     * The state after this update.
     *
     * @param name         the PV name (the record key, which is authoritative)
     * @param current      the state before, or null if none
     * @param recordTimeNs the update's record time: when a value was received, when a removal was asked
     * @return the new state; {@code current} itself when the update changes nothing; null when no part is left
     *         (the PV is forgotten)
     */
    default PvState applyTo(String name, PvState current, long recordTimeNs) {
        if (this instanceof ConfigUpdate update) {
            return applyConfig(update.config(), current, recordTimeNs);
        }
        // Shallow copy: the parts are replaced, never modified, so sharing them is safe and cheap.
        PvValue value = current == null ? null : current.getValue();
        PvMeta meta = current == null ? null : current.getMeta();
        PvConnection connection = current == null ? null : current.getConnection();
        Long received = current == null ? null : current.getValueReceivedNs();
        Long removed = current == null ? null : current.getRemovedNs();
        Long staleSince = current == null ? null : current.getStaleSinceNs();
        if (this instanceof ValueUpdate update) {
            value = update.value();
            received = value == null ? null : recordTimeNs;
            staleSince = null;
        } else if (this instanceof MetaUpdate update) {
            meta = update.meta();
        } else if (this instanceof ConnectionUpdate update) {
            connection = update.connection();
            staleSince = null;
        }
        if (value == null && meta == null && connection == null) {
            return null;
        }
        return new PvState(name, value, meta, connection, received, removed, staleSince);
    }

    private static PvState applyConfig(PvConfig config, PvState current, long recordTimeNs) {
        if (current == null) {
            return null; // nothing known of the PV: nothing to mark
        }
        boolean removedNow = current.getRemovedNs() != null;
        if (config != null && !removedNow) {
            return current; // a changed spec (deadband, mask...) is no change of the PV's state
        }
        if (config == null && removedNow) {
            return current; // removed already: keep when it was removed first
        }
        return new PvState(current.getName(), current.getValue(), current.getMeta(), current.getConnection(),
                current.getValueReceivedNs(), config == null ? recordTimeNs : null,
                config == null ? null : current.getStaleSinceNs());
    }
}
