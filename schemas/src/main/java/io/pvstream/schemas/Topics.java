package io.pvstream.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The catalogue of every Kafka topic and state store of pvstream: names, cleanup policy,
 * partitioning and retention live here and nowhere else.
 *
 * <p>All PV topics are keyed by PV name and have the same partition count, so the ingest instance
 * that monitors a PV is the one that writes it, and Streams joins them without repartitioning.
 */
public final class Topics {

    /** Desired monitoring spec per PV (compacted; tombstone = stop monitoring). */
    public static final String PV_CONFIG = "pv.config";
    /** Every monitor update (compacted, with a replay window). */
    public static final String PV_VALUES = "pv.values";
    /** Metadata from DBR_CTRL (compacted). */
    public static final String PV_META = "pv.meta";
    /** Channel connection state (compacted). */
    public static final String PV_CONNECTIONS = "pv.connections";
    /** Real changes only (deadband, alarm, connection), PvDiff; short retention: a live feed, not a history. */
    public static final String PV_DIFFS = "pv.diffs";
    /** Liveness and load of each ingest instance (compacted per instance, old instances expire). */
    public static final String INGEST_HEARTBEATS = "ingest.heartbeats";
    /**
     * Archive samples derived from pv.diffs (archive deadband and monitor mask of pv.config), key = PV name, value =
     * one pv_archive row as a plain JSON object: what the archive JDBC sink writes to PostgreSQL.
     */
    public static final String PV_ARCHIVE = "pv.archive";
    /** Archive samples the archive JDBC sink could not convert (Connect's dead letter queue). */
    public static final String PV_ARCHIVE_DLQ = "pv.archive.dlq";
    /**
     * How long pv.archive keeps samples: the longest PostgreSQL (or Connect) outage the archive survives without a
     * gap. Not longer: a sample is a few hundred bytes of JSON, at 10K samples/s that is ~250 GB a day.
     */
    public static final Duration ARCHIVE_RETENTION = Duration.ofDays(1);

    /** Write commands of restore jobs (PvWrite), key = PV name: partitioned like pv.config, so the owner writes. */
    public static final String PV_WRITES = "pv.writes";
    /** Outcomes of those writes (PvWriteResult), key = job id. */
    public static final String PV_WRITE_RESULTS = "pv.write.results";
    /** Restore jobs as started or retried (RestoreJob, compacted), key = job id. */
    public static final String RESTORE_JOBS = "restore.jobs";
    /** Every change of a job's progress (JobProgress), key = job id: the feed of WebSocket job events. */
    public static final String RESTORE_JOB_PROGRESS = "restore.job.progress";
    /** How long write commands, results and progress events are kept: far longer than any job. */
    public static final Duration RESTORE_RETENTION = Duration.ofDays(7);

    /** Buffered operations transactions (OpsTransaction), key = entity id: the buffer of record. */
    public static final String OPS_TX = "ops.tx";
    /** Prefix of the per-table topics the JDBC sink applies (JSON with schema), key = row primary key. */
    public static final String OPS_APPLY_PREFIX = "ops.apply.";
    /** Rows the JDBC sink could not apply after its retries. */
    public static final String OPS_TX_DLQ = "ops.tx.dlq";
    /** Debezium's topic prefix for the operations tables: ops.cdc.public.&lt;table&gt;. */
    public static final String OPS_CDC_PREFIX = "ops.cdc";
    /** Confirmation and overdue events of buffered transactions (OpsConfirmation). */
    public static final String OPS_TX_CONFIRMED = "ops.tx.confirmed";
    /** Replay LSN of each PostgreSQL replica (ReplicaLsn), key = replica name. */
    public static final String OPS_REPLICA_LSN = "ops.replica.lsn";

    /**
     * API keys of the query API (ApiKey: never the secret, only its SHA-256), key = that hash; compacted, read whole
     * by every query-api instance, so a new or revoked key reaches all of them within about a second.
     */
    public static final String SECURITY_KEYS = "security.keys";
    /** Every write request to the query API (AuditEvent), key = event id; also copied to the audit table. */
    public static final String SECURITY_AUDIT = "security.audit";
    /** How long security.audit keeps events (the audit table in PostgreSQL keeps them for good). */
    public static final Duration AUDIT_RETENTION = Duration.ofDays(365);

    /** How long buffered transactions and dead letters are kept: long enough to outlive any outage. */
    public static final Duration OPS_RETENTION = Duration.ofDays(30);

    /** How long a superseded pv.values record survives compaction: the replay window. */
    public static final Duration VALUES_REPLAY_WINDOW = Duration.ofHours(1);
    /** How long pv.diffs keeps changes: live consumers start at the end, so only a short catch-up window. */
    public static final Duration DIFFS_RETENTION = Duration.ofHours(1);
    /**
     * Largest pv.diffs record: a diff carries the previous and the current value, so a waveform's diff is
     * twice the size of its pv.values record (whose producers keep the 1 MB default).
     */
    public static final int DIFFS_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** How long a dead ingest instance's last heartbeat is kept. */
    public static final Duration HEARTBEAT_RETENTION = Duration.ofDays(1);

    /** Names of state stores; stable, because changelog topics are derived from them. */
    public static final class Stores {
        /** The state last archived per PV (key = PV name, value = PvDiffState): what the archive deadband compares with. */
        public static final String PV_ARCHIVED = "pv-archived";
        /** Latest value + metadata + connection per PV (key = PV name, value = PvState). */
        public static final String PV_LATEST = "pv-latest";
        /** The state last emitted to pv.diffs per PV (key = PV name, value = PvDiffState). */
        public static final String PV_DIFF_EMITTED = "pv-diff-emitted";
        /** The desired monitoring spec per PV from pv.config (a KTable store; the deadbands of pv.diffs). */
        public static final String PV_CONFIG = "pv-config";
        /** Buffered transactions not yet confirmed (key = entityId/txId, value = PendingTransaction). */
        public static final String OPS_PENDING = "ops-pending";
        /**
         * Per-row progress of the PENDING entries of {@link #OPS_PENDING} (key = entityId/txId/rowKey, value = the
         * row's source.lsn once seen in CDC, -1 before), so a large transaction is not rewritten for every row.
         */
        public static final String OPS_PENDING_ROWS = "ops-pending-rows";
        /** Latest replay LSN per replica (global). */
        public static final String OPS_REPLICA_LSN = "ops-replica-lsn";
        /** Progress of every restore job (key = job id, value = JobProgress). */
        public static final String RESTORE_JOBS = "restore-jobs";
        /** Latest outcome of every PV of every job (key = jobId/pvName, value = PvWriteResult). */
        public static final String RESTORE_JOB_RESULTS = "restore-job-results";
        /** Latest heartbeat per ingest instance (global store: every instance sees all). */
        public static final String INGEST_HEARTBEATS = "ingest-heartbeats";
        /**
         * PVs the stale watchdog flagged (key = PV name, value = when flagged, ns since the epoch): a small index of
         * the PVs whose {@code PvState.staleSinceNs} is set, so listing them needs no scan of {@link #PV_LATEST}.
         */
        public static final String PV_STALE = "pv-stale";

        private Stores() {
        }
    }

    /** A topic with the configs it is created with. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    private Topics() {
    }

    /**
     * Every topic the platform needs.
     *
     * @param partitions partition count of the PV-keyed topics
     */
    public static List<TopicSpec> all(int partitions) {
        List<TopicSpec> all = new java.util.ArrayList<>(pvTopics(partitions));
        all.addAll(opsTopics(partitions));
        all.addAll(restoreTopics(partitions));
        all.addAll(securityTopics());
        return List.copyOf(all);
    }

    /** The per-table apply topic of an operations table. */
    public static String opsApplyTopic(String table) {
        return OPS_APPLY_PREFIX + table;
    }

    /** The topic Debezium writes a table's change events to. */
    public static String opsCdcTopic(String table) {
        return OPS_CDC_PREFIX + ".public." + table;
    }

    private static List<TopicSpec> opsTopics(int partitions) {
        Map<String, String> longDelete = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(OPS_RETENTION.toMillis()));
        List<TopicSpec> ops = new java.util.ArrayList<>(List.of(
                new TopicSpec(OPS_TX, partitions, longDelete),
                new TopicSpec(OPS_TX_DLQ, 1, longDelete),
                new TopicSpec(OPS_TX_CONFIRMED, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()))),
                new TopicSpec(OPS_REPLICA_LSN, 1, compacted())));
        for (var table : io.pvstream.schemas.ops.OpsTables.ALL) {
            ops.add(new TopicSpec(opsApplyTopic(table.name()), partitions, longDelete));
            // Debezium would create these on first change; creating them keeps partitions aligned with ops.tx
            ops.add(new TopicSpec(opsCdcTopic(table.name()), partitions, longDelete));
        }
        return ops;
    }

    /** One partition each: a few hundred keys, and audit events of human-paced writes. */
    private static List<TopicSpec> securityTopics() {
        return List.of(
                new TopicSpec(SECURITY_KEYS, 1, compacted()),
                new TopicSpec(SECURITY_AUDIT, 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(AUDIT_RETENTION.toMillis()))));
    }

    private static List<TopicSpec> restoreTopics(int partitions) {
        Map<String, String> week = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RESTORE_RETENTION.toMillis()));
        return List.of(
                new TopicSpec(PV_WRITES, partitions, week),
                new TopicSpec(PV_WRITE_RESULTS, partitions, week),
                new TopicSpec(RESTORE_JOBS, partitions, compacted()),
                new TopicSpec(RESTORE_JOB_PROGRESS, partitions, week));
    }

    private static List<TopicSpec> pvTopics(int partitions) {
        return List.of(
                new TopicSpec(PV_CONFIG, partitions, compacted()),
                new TopicSpec(PV_VALUES, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(VALUES_REPLAY_WINDOW.toMillis()),
                        // Kafka time = when pvstream received it; the IOC time travels in the payload,
                        // so an IOC with a wrong clock cannot make the broker reject its records.
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                new TopicSpec(PV_META, partitions, compacted()),
                new TopicSpec(PV_CONNECTIONS, partitions, compacted()),
                new TopicSpec(PV_DIFFS, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DIFFS_RETENTION.toMillis()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DIFFS_MAX_MESSAGE_BYTES))),
                new TopicSpec(PV_ARCHIVE, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(ARCHIVE_RETENTION.toMillis()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DIFFS_MAX_MESSAGE_BYTES))),
                // as many partitions as the PV topics, like every pv.* topic (cheap, and no special case)
                new TopicSpec(PV_ARCHIVE_DLQ, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(OPS_RETENTION.toMillis()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DIFFS_MAX_MESSAGE_BYTES))),
                new TopicSpec(INGEST_HEARTBEATS, 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(HEARTBEAT_RETENTION.toMillis()))));
    }

    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
