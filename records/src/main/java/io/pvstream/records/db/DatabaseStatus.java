package io.pvstream.records.db;

/**
 * The last poll of the operations database, as {@code /api/v1/health/buffer} shows it.
 *
 * @param primary null when no database is configured
 * @param replica null when no replica is configured
 */
public record DatabaseStatus(Primary primary, Replica replica) {

    /** Nothing polled yet, or no database. */
    public static final DatabaseStatus UNKNOWN = new DatabaseStatus(null, null);

    /**
     * @param lsn   {@code pg_current_wal_lsn()}, null if unreachable
     * @param error why it was not reachable (role and SQLState only)
     */
    public record Primary(boolean reachable, String lsn, String error, String polledAt) {
    }

    /**
     * @param replayLsn  {@code pg_last_wal_replay_lsn()}, null if unreachable
     * @param lagBytes   {@code pg_wal_lsn_diff(primary, replay)}; null when the primary is unreachable
     * @param lagSeconds {@code now() - pg_last_xact_replay_timestamp()} on the replica, 0 once it has replayed all
     *                   the primary has; null when unknown (nothing replayed since it started)
     */
    public record Replica(String name, boolean reachable, String replayLsn, Long lagBytes, Double lagSeconds,
                          String error, String polledAt) {
    }
}
