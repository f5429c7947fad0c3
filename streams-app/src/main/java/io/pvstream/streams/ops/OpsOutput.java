package io.pvstream.streams.ops;

import io.pvstream.schemas.avro.OpsConfirmation;

/** What the pending processor emits; the topology routes each kind to its topic. */
sealed interface OpsOutput {

    /** A row for the JDBC sink ({@code ops.apply.<table>}), key and value in Connect JSON. */
    record Apply(ApplyRows.ApplyRecord record) implements OpsOutput {
    }

    /** An event for {@code ops.tx.confirmed}, keyed by entity id. */
    record Confirmed(OpsConfirmation confirmation) implements OpsOutput {
    }
}
