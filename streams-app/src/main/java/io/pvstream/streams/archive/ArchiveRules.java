package io.pvstream.streams.archive;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.streams.diff.ChangeDetector;

/**
 * Which changes of a PV the archive keeps, free of Kafka: pure functions of the state last <em>archived</em>, the
 * state of a pv.diffs record and the PV's pv.config.
 * <ul>
 *   <li>Values are compared with the last archived one using the PV's {@code archiveDeadband} (none: its
 *       {@code deadband}; neither: any change), so a drift below it adds up until it is archived. The archive is
 *       derived from pv.diffs, so it cannot be finer than {@code deadband}: a smaller archive deadband acts as
 *       {@code deadband}.</li>
 *   <li>A value change counts only if the PV's monitor mask holds {@code VALUE} or {@code ARCHIVE}: a PV monitored
 *       for alarms only archives its alarm and connection changes (each such sample carries the value of the
 *       moment).</li>
 *   <li>Every alarm change (severity or status) and every connection change is archived, whatever the deadband:
 *       that is what history needs to show alarms, and disconnections as gaps.</li>
 *   <li>A connected PV without a value yet is not archived: there is nothing to show, and its first value follows.</li>
 * </ul>
 */
public final class ArchiveRules {

    private ArchiveRules() {
    }

    /**
     * @param lastArchived the state last archived for the PV, or null if none was
     * @param current      the state of the pv.diffs record
     * @param config       the PV's pv.config spec, or null if it has none
     * @return the changes that make {@code current} a sample of the archive; empty if it is not archived
     */
    public static Set<PvChange> changes(PvDiffState lastArchived, PvDiffState current, PvConfig config) {
        if (current.getValue() == null && connected(current)) {
            return EnumSet.noneOf(PvChange.class);
        }
        if (current.getValue() == null && current.getConnection() == null) {
            return EnumSet.noneOf(PvChange.class);
        }
        Set<PvChange> changes = EnumSet.noneOf(PvChange.class);
        changes.addAll(ChangeDetector.changes(lastArchived, current, deadband(config)));
        if (!archivesValues(config)) {
            changes.remove(PvChange.VALUE);
        }
        return changes;
    }

    /** The absolute deadband of the archive: {@code archiveDeadband}, else {@code deadband}, else none (null). */
    static Double deadband(PvConfig config) {
        if (config == null) {
            return null;
        }
        return config.getArchiveDeadband() != null ? config.getArchiveDeadband() : config.getDeadband();
    }

    /** Whether value changes are archived: the mask holds VALUE or ARCHIVE (no spec: the default mask, which does). */
    static boolean archivesValues(PvConfig config) {
        if (config == null) {
            return true;
        }
        List<MonitorEvent> mask = config.getMonitorMask();
        return mask == null || mask.contains(MonitorEvent.VALUE) || mask.contains(MonitorEvent.ARCHIVE);
    }

    /**
     * When a sample happened, ns since the epoch: for a connection change, or a PV that is disconnected or has no
     * value, the ingest's time of the connection change; otherwise the IOC timestamp of the value.
     */
    public static long sampleTimeNs(PvDiffState state, Set<PvChange> changes) {
        PvConnection connection = state.getConnection();
        if (connection != null && (changes.contains(PvChange.CONNECTION) || !connection.getConnected()
                || state.getValue() == null)) {
            return connection.getSinceNs();
        }
        return state.getValue().getTimestampNs();
    }

    /** True unless the state says the PV is disconnected (no connection seen yet counts as connected). */
    static boolean connected(PvDiffState state) {
        return state.getConnection() == null || state.getConnection().getConnected();
    }
}
