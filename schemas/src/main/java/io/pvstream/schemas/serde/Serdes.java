package io.pvstream.schemas.serde;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;

/** One serde per record type, shared: they are stateless and thread-safe. */
public final class Serdes {

    public static final AvroSerde<PvValue> PV_VALUE = AvroSerde.of(PvValue.class);
    public static final AvroSerde<PvMeta> PV_META = AvroSerde.of(PvMeta.class);
    public static final AvroSerde<PvConnection> PV_CONNECTION = AvroSerde.of(PvConnection.class);
    public static final AvroSerde<PvConfig> PV_CONFIG = AvroSerde.of(PvConfig.class);
    public static final AvroSerde<PvState> PV_STATE = AvroSerde.of(PvState.class);
    public static final AvroSerde<IngestHeartbeat> INGEST_HEARTBEAT = AvroSerde.of(IngestHeartbeat.class);

    private Serdes() {
    }
}
