package io.pvstream.query.ops;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A confirmed row as JSON, with what the merge needs to know about it. */
record ConfirmedView(ObjectNode entity, boolean deleted, ConfirmedSource source) {

    String txId() {
        return entity.path("txId").asText();
    }

    long updatedAtMillis() {
        return Instant.parse(entity.path("updatedAt").asText()).toEpochMilli();
    }
}
