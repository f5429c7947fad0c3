package io.pvstream.schemas.serde;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.ReplicaLsn;

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

    private Serdes() {
    }
}
