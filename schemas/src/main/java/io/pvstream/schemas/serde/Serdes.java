package io.pvstream.schemas.serde;

import io.pvstream.schemas.avro.ApiKey;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.avro.RestoreJob;

/** One serde per record type, shared: they are stateless and thread-safe. */
public final class Serdes {

    public static final AvroSerde<PvValue> PV_VALUE = AvroSerde.of(PvValue.class);
    public static final AvroSerde<PvMeta> PV_META = AvroSerde.of(PvMeta.class);
    public static final AvroSerde<PvConnection> PV_CONNECTION = AvroSerde.of(PvConnection.class);
    public static final AvroSerde<PvConfig> PV_CONFIG = AvroSerde.of(PvConfig.class);
    public static final AvroSerde<PvState> PV_STATE = AvroSerde.of(PvState.class);
    public static final AvroSerde<IngestHeartbeat> INGEST_HEARTBEAT = AvroSerde.of(IngestHeartbeat.class);

    /** Buffered operations transactions ({@code ops.tx}). */
    public static final AvroSerde<OpsTransaction> OPS_TRANSACTION = AvroSerde.of(OpsTransaction.class);
    /** Values of the {@code ops-pending} store. */
    public static final AvroSerde<PendingTransaction> PENDING_TRANSACTION = AvroSerde.of(PendingTransaction.class);
    /** Confirmation and overdue events ({@code ops.tx.confirmed}). */
    public static final AvroSerde<OpsConfirmation> OPS_CONFIRMATION = AvroSerde.of(OpsConfirmation.class);
    /** Replay positions of the PostgreSQL replicas ({@code ops.replica.lsn}). */
    public static final AvroSerde<ReplicaLsn> REPLICA_LSN = AvroSerde.of(ReplicaLsn.class);
    /** CDC events of the operations tables re-keyed by entity (internal repartition topic of streams-app). */
    public static final AvroSerde<OpsCdcRow> OPS_CDC_ROW = AvroSerde.of(OpsCdcRow.class);

    /** Restore jobs as started ({@code restore.jobs}). */
    public static final AvroSerde<RestoreJob> RESTORE_JOB = AvroSerde.of(RestoreJob.class);
    /** Write commands of restore jobs ({@code pv.writes}). */
    public static final AvroSerde<PvWrite> PV_WRITE = AvroSerde.of(PvWrite.class);
    /** Outcomes of those writes ({@code pv.write.results}, and the restore-job-results store). */
    public static final AvroSerde<PvWriteResult> PV_WRITE_RESULT = AvroSerde.of(PvWriteResult.class);
    /** Job progress ({@code restore.job.progress}, and the restore-jobs store). */
    public static final AvroSerde<JobProgress> JOB_PROGRESS = AvroSerde.of(JobProgress.class);

    /** API keys ({@code security.keys}): the hash of each key, never the key. */
    public static final AvroSerde<ApiKey> API_KEY = AvroSerde.of(ApiKey.class);
    /** Write requests to the query API ({@code security.audit}). */
    public static final AvroSerde<AuditEvent> AUDIT_EVENT = AvroSerde.of(AuditEvent.class);

    private Serdes() {
    }
}
