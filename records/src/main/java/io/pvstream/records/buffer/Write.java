package io.pvstream.records.buffer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsTransaction;

/**
 * A write ready to be buffered: the transaction for {@code ops.tx}, and the entity as the API returns it after
 * the write (also the transaction's {@code entityJson}).
 */
public record Write(OpsTransaction tx, ObjectNode entity) {
}
