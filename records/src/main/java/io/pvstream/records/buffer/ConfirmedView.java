package io.pvstream.records.buffer;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pvstream.records.db.ConfirmedSource;

/** A confirmed row as JSON, with what the merge needs to know about it. */
public record ConfirmedView(ObjectNode entity, boolean deleted, ConfirmedSource source) {

    public String txId() {
        return entity.path("txId").asText();
    }

    public long updatedAtMillis() {
        return Instant.parse(entity.path("updatedAt").asText()).toEpochMilli();
    }
}
