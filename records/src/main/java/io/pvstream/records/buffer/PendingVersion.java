package io.pvstream.records.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * A version of an entity that the database may not have yet: an entry of the pending store, or a write this
 * instance buffered a moment ago. Also the JSON the instances exchange over the internal pending endpoints
 * (without the rows, which readers never need).
 *
 * @param state  {@link ItemState#PENDING} or {@link ItemState#COMMITTED}
 * @param entity the entity as the API returned it after the write ({@code entityJson}); for a delete, the last
 *               version with {@code "deleted": true}
 */
public record PendingVersion(String txId, String entityId, String entityType, OpsOperation operation,
                             ItemState state, long bufferedNs, boolean overdue, JsonNode entity) {

    public static PendingVersion of(PendingTransaction entry, ObjectMapper mapper) {
        return of(entry, mapper, true);
    }

    /** @param withEntity false: {@code entity} is null (its JSON is not parsed), for readers of the state alone */
    public static PendingVersion of(PendingTransaction entry, ObjectMapper mapper, boolean withEntity) {
        OpsTransaction tx = entry.getTx();
        return new PendingVersion(tx.getTxId(), tx.getEntityId(), tx.getEntityType(), tx.getOperation(),
                entry.getState() == PendingState.COMMITTED ? ItemState.COMMITTED : ItemState.PENDING,
                tx.getBufferedNs(), entry.getOverdueReported(), withEntity ? parse(tx.getEntityJson(), mapper) : null);
    }

    /** A transaction this instance has just buffered: pending by definition. */
    public static PendingVersion buffered(Write write) {
        OpsTransaction tx = write.tx();
        return new PendingVersion(tx.getTxId(), tx.getEntityId(), tx.getEntityType(), tx.getOperation(),
                ItemState.PENDING, tx.getBufferedNs(), false, write.entity());
    }

    public boolean isDelete() {
        return operation == OpsOperation.DELETE;
    }

    public long bufferedMillis() {
        return Math.floorDiv(bufferedNs, 1_000_000L);
    }

    /** The same with another entity JSON (e.g. its list form). */
    public PendingVersion withEntity(JsonNode replacement) {
        return new PendingVersion(txId, entityId, entityType, operation, state, bufferedNs, overdue, replacement);
    }

    private static JsonNode parse(String entityJson, ObjectMapper mapper) {
        try {
            return mapper.readTree(entityJson);
        } catch (IOException e) {
            // written by our own API: unreadable means a bug, not bad input
            throw new UncheckedIOException("entityJson of a pending transaction is not JSON", e);
        }
    }
}
