package io.pvstream.streams.diff;

import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.serde.AvroSerde;

/** Serdes of the change stream: pv.diffs records and the store of last emitted states. Stateless, shared. */
public final class DiffSerdes {

    public static final AvroSerde<PvDiff> PV_DIFF = AvroSerde.of(PvDiff.class);
    public static final AvroSerde<PvDiffState> PV_DIFF_STATE = AvroSerde.of(PvDiffState.class);

    private DiffSerdes() {
    }
}
