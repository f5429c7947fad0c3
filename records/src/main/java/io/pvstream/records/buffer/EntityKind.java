package io.pvstream.records.buffer;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the entity routes (query-api) needs to know of one kind of entity: its names, how a body is validated, and
 * which transaction each write makes.
 *
 * @param <E> the entity as the API shows it
 * @param <I> a validated write body
 */
public interface EntityKind<E extends OpsEntity, I> {

    /** {@code entityType} of its transactions, e.g. {@code configuration}. */
    String type();

    /** Path of the collection, e.g. {@code /api/v1/configurations}. */
    String path();

    Class<E> entityClass();

    /** @param pathId the id of a PUT, null for a POST */
    I parse(JsonNode body, String pathId);

    Write create(TxDraft draft, String id, I input);

    /** @param known the versions still pending besides {@code current} (a full replacement removes their parts) */
    Write update(TxDraft draft, E current, List<E> known, I input);

    Write delete(TxDraft draft, E current, List<E> known);
}
