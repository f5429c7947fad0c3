package io.pvstream.schemas.catalog;

import java.util.List;
import java.util.Optional;

import io.pvstream.schemas.Topics;

/**
 * What is in each topic, for people and programs outside the platform: the key, the value's encoding and schema,
 * and who writes and reads it. The cleanup, retention and partitions are {@link Topics}'s; this adds the rest.
 * {@code TopicContentsTest} fails when a topic of {@link Topics#all} has no entry here.
 */
public final class TopicContents {

    /** How a value is encoded. */
    public enum Format {
        /** Avro single-object encoding; {@link Content#schema} names the record. */
        AVRO,
        /** One plain JSON object per record (UTF-8 text), the row of a table. */
        JSON_ROW,
        /** Debezium change events, Connect JSON without schema (UTF-8 text). */
        DEBEZIUM_JSON,
        /** Records a Connect sink could not apply, as they were, with the error in the headers. */
        DEAD_LETTERS
    }

    /**
     * @param topic   the topic name, or its prefix for a topic per table (ending in {@code .})
     * @param key     what the (UTF-8 string) key is
     * @param format  the value's encoding
     * @param schema  the Avro record of the value ({@link Format#AVRO}), else null
     * @param writers who produces it
     * @param readers who consumes it, with the consumer group where there is one
     */
    public record Content(String topic, String key, Format format, String schema, String writers, String readers) {

        public boolean matches(String name) {
            return topic.endsWith(".") ? name.startsWith(topic) : name.equals(topic);
        }
    }

    private static final String INGEST = "ingest";
    private static final String STREAMS = "streams-app";
    private static final String API = "query-api";

    public static final List<Content> ALL = List.of(
            avro(Topics.PV_CONFIG, "PV name", "PvConfig", API + " (`/api/v1/config/pvs`), `./pvstream dev` seeding",
                    INGEST + " (group `pvstream-ingest`: its partitions are the PVs an instance monitors); " + STREAMS
                            + " (store `pv-config`)"),
            avro(Topics.PV_VALUES, "PV name", "PvValue", INGEST, STREAMS + " (store `pv-latest`)"),
            avro(Topics.PV_META, "PV name", "PvMeta", INGEST, STREAMS + " (store `pv-latest`)"),
            avro(Topics.PV_CONNECTIONS, "PV name", "PvConnection", INGEST, STREAMS + " (store `pv-latest`)"),
            avro(Topics.PV_DIFFS, "PV name", "PvDiff", STREAMS,
                    API + " WebSocket feed (no group: every instance reads all partitions from the end); " + STREAMS
                            + " archive"),
            new Content(Topics.PV_ARCHIVE, "PV name", Format.JSON_ROW, null, STREAMS + " archive",
                    "archive JDBC sink connector `pvstream-archive-jdbc-sink` (group `connect-pvstream-archive-jdbc-sink`)"),
            new Content(Topics.PV_ARCHIVE_DLQ, "PV name", Format.DEAD_LETTERS, null, "archive JDBC sink connector",
                    "operators"),
            avro(Topics.INGEST_HEARTBEATS, "ingest instance id", "IngestHeartbeat", INGEST,
                    STREAMS + " (global store `ingest-heartbeats`)"),
            avro(Topics.PV_WRITES, "PV name", "PvWrite", API + " (restore jobs)",
                    INGEST + " (group `pvstream-ingest-writes`)"),
            avro(Topics.PV_WRITE_RESULTS, "job id", "PvWriteResult", INGEST, STREAMS + " (store `restore-job-results`)"),
            avro(Topics.RESTORE_JOBS, "job id", "RestoreJob", API + " (restore, retry)", STREAMS + " (store `restore-jobs`)"),
            avro(Topics.RESTORE_JOB_PROGRESS, "job id", "JobProgress", STREAMS,
                    API + " WebSocket job feed (no group, from the end)"),
            avro(Topics.OPS_TX, "entity id", "OpsTransaction", API + " (operations writes)",
                    STREAMS + " (store `ops-pending`)"),
            new Content(Topics.OPS_TX_DLQ, "row primary key (JSON object)", Format.DEAD_LETTERS, null,
                    "ops JDBC sink connector", API + " (`/api/v1/ops/dlq`, no group)"),
            avro(Topics.OPS_TX_CONFIRMED, "entity id", "OpsConfirmation", STREAMS, API + " buffer health (end offsets only)"),
            avro(Topics.OPS_REPLICA_LSN, "replica name", "ReplicaLsn", API + " (replica probe)",
                    STREAMS + " (global store `ops-replica-lsn`)"),
            new Content(Topics.OPS_APPLY_PREFIX, "row primary key (JSON object)", Format.JSON_ROW, null, STREAMS,
                    "ops JDBC sink connector `pvstream-ops-jdbc-sink` (group `connect-pvstream-ops-jdbc-sink`)"),
            new Content(Topics.opsCdcTopic(""), "row primary key (JSON)", Format.DEBEZIUM_JSON, null,
                    "Debezium source connector `pvstream-ops-cdc-source`", STREAMS + " (confirms `ops-pending`)"),
            avro(Topics.SECURITY_KEYS, "SHA-256 of the key", "ApiKey", API + " (`/api/v1/keys`)",
                    API + " (no group: every instance reads it whole)"),
            avro(Topics.SECURITY_AUDIT, "event id", "AuditEvent", API + " (every write request)",
                    "operators (the audit table is written through `ops.tx`)"));

    private TopicContents() {
    }

    /** The content of a topic, including the per-table ones ({@code ops.apply.tag}). */
    public static Optional<Content> of(String topic) {
        return ALL.stream().filter(content -> content.matches(topic)).findFirst();
    }

    private static Content avro(String topic, String key, String schema, String writers, String readers) {
        return new Content(topic, key, Format.AVRO, schema, writers, readers);
    }
}
