package io.pvstream.streams.ops;

import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsTransaction;

/**
 * What reaches the pending processor: a transaction from {@code ops.tx}, or a CDC row re-keyed by entity.
 * One merged stream, so one processor owns the store and its in-memory {@link PendingIndex}.
 */
sealed interface OpsInput {

    record Buffered(OpsTransaction tx) implements OpsInput {
    }

    record RowSeen(OpsCdcRow row) implements OpsInput {
    }
}
