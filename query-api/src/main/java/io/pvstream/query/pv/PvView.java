package io.pvstream.query.pv;

import java.util.List;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.records.IsoTime;

/**
 * A PV as an operator or a script sees it: one flat JSON object with a stable shape. A part that is
 * not known yet (no value, metadata or connection seen) has its fields null, never missing.
 *
 * @param value         number, string, {@code {"index":1,"label":"ON"}} for enums, or an array for waveforms
 * @param timestamp     IOC time, ISO-8601 UTC with nanoseconds
 * @param timestampNs   the same, in ns since the Unix epoch (beyond JavaScript's exact integers: JS clients
 *                      should parse {@code timestamp})
 * @param connected       false for a PV never connected; null while no connection record was seen for a PV with a value
 * @param neverConnected  true for a PV of the desired set (pv.config) that has never been seen connected: no value and
 *                        no metadata yet (its IOC is not up, or the PV was just added); then {@code connected} is false
 * @param connectionSince when the current connection state began (ingest time)
 * @param instance        the ingest instance monitoring the PV (from its latest connection record)
 * @param error           why the value is not monitored although connected (e.g. a waveform above the ingest's
 *                        ca.max.array.bytes); null when it is
 * @param received        when the latest value reached Kafka (what the stale watchdog measures)
 * @param removed         true once the PV was removed from pv.config: what is shown is its last state
 * @param stale           true while the watchdog flags it: connected, but no update for longer than its threshold
 * @param viewLagMs       how old the answering instance's view is: the age of the oldest update of the PV's store
 *                        partition it has not applied yet (0: caught up, so an old value means a quiet PV); null
 *                        where not measured (lists, WebSocket)
 */
public record PvView(
        String name,
        Object value,
        String timestamp,
        Long timestampNs,
        String severity,
        String status,
        String type,
        Integer count,
        String units,
        Integer precision,
        Limits limits,
        List<String> enumLabels,
        Boolean connected,
        boolean neverConnected,
        String server,
        String connectionSince,
        Long connectionSinceNs,
        Boolean readAccess,
        Boolean writeAccess,
        String instance,
        String error,
        String received,
        boolean removed,
        String removedAt,
        boolean stale,
        String staleSince,
        Long viewLagMs) {

    /** Display, alarm and control limits (LOPR/HOPR, LOLO/LOW/HIGH/HIHI, DRVL/DRVH); null where unset. */
    public record Limits(Double displayLow, Double displayHigh, Double alarmLoLo, Double alarmLow,
                         Double alarmHigh, Double alarmHiHi, Double controlLow, Double controlHigh) {
    }

    /** Value of an ENUM PV. */
    public record EnumState(int index, String label) {
    }

    public static PvView of(PvState state) {
        PvValue value = state.getValue();
        PvMeta meta = state.getMeta();
        PvConnection connection = state.getConnection();
        return new PvView(
                state.getName(),
                value == null ? null : jsonValue(value.getValue(), meta),
                value == null ? null : IsoTime.format(value.getTimestampNs()),
                value == null ? null : value.getTimestampNs(),
                value == null ? null : value.getSeverity().name(),
                value == null ? null : value.getStatus().name(),
                meta == null ? null : meta.getType().name(),
                meta == null ? null : meta.getCount(),
                meta == null ? null : meta.getUnits(),
                meta == null ? null : meta.getPrecision(),
                meta == null ? null : limits(meta),
                meta == null ? null : meta.getEnumLabels(),
                connection == null ? null : connection.getConnected(),
                value == null && meta == null && (connection == null || !connection.getConnected()),
                connection == null ? null : connection.getServer(),
                connection == null ? null : IsoTime.format(connection.getSinceNs()),
                connection == null ? null : connection.getSinceNs(),
                meta == null ? null : meta.getReadAccess(),
                meta == null ? null : meta.getWriteAccess(),
                connection == null ? null : connection.getInstance(),
                connection == null ? null : connection.getError(),
                isoOrNull(state.getValueReceivedNs()),
                state.getRemovedNs() != null,
                isoOrNull(state.getRemovedNs()),
                state.getStaleSinceNs() != null,
                isoOrNull(state.getStaleSinceNs()),
                null);
    }

    /**
     * A PV of the desired set that nothing has been seen of yet (no value, metadata or connection record): not
     * connected, never connected; every other part null.
     */
    public static PvView neverConnected(String name) {
        return new PvView(name, null, null, null, null, null, null, null, null, null, null, null, false, true, null,
                null, null, null, null, null, null, null, false, null, false, null, null);
    }

    /** This view, saying how old the answering instance's view is ({@code viewLagMs}; null: not known). */
    public PvView withViewLagMs(Long lagMs) {
        return new PvView(name, value, timestamp, timestampNs, severity, status, type, count, units, precision, limits,
                enumLabels, connected, neverConnected, server, connectionSince, connectionSinceNs, readAccess,
                writeAccess, instance, error, received, removed, removedAt, stale, staleSince, lagMs);
    }

    private static String isoOrNull(Long ns) {
        return ns == null ? null : IsoTime.format(ns);
    }

    private static Limits limits(PvMeta meta) {
        return new Limits(meta.getDisplayLow(), meta.getDisplayHigh(), meta.getAlarmLoLo(), meta.getAlarmLow(),
                meta.getAlarmHigh(), meta.getAlarmHiHi(), meta.getControlLow(), meta.getControlHigh());
    }

    /** Unwraps the Avro union into what JSON shows directly. */
    private static Object jsonValue(Object value, PvMeta meta) {
        if (value instanceof EnumValue enumValue) {
            return new EnumState(enumValue.getIndex(), enumLabel(enumValue, meta));
        }
        if (value instanceof DoubleArray array) {
            return array.getValues();
        }
        if (value instanceof LongArray array) {
            return array.getValues();
        }
        if (value instanceof StringArray array) {
            return array.getValues();
        }
        return value; // Double, Long or String
    }

    /** The label sent with the value, else the one the metadata has for that index. */
    private static String enumLabel(EnumValue value, PvMeta meta) {
        if (value.getLabel() != null || meta == null) {
            return value.getLabel();
        }
        List<String> labels = meta.getEnumLabels();
        int index = value.getIndex();
        return index >= 0 && index < labels.size() ? labels.get(index) : null;
    }
}
