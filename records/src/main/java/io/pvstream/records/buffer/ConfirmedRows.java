package io.pvstream.records.buffer;

import java.util.List;
import java.util.Optional;
import io.pvstream.records.db.ListQuery;
import io.pvstream.records.db.ConfirmedSource;

/**
 * The entities of one kind as the database has them (the confirmed side of a read). JDBC in production
 * ({@code JdbcConfigurations}, {@code JdbcTags}); in memory in the HTTP tests.
 *
 * <p>Every method throws {@code DatabaseUnavailableException} when no database can answer.
 */
public interface ConfirmedRows<E extends OpsEntity> {

    /** The entity with {@code id}, soft-deleted ones included (flagged), with its PVs if it has any. */
    Optional<Found<E>> find(String id);

    /** Live (not deleted) entities in {@code ListOrder} after the cursor, in list form (no PV lists). */
    Listed<E> list(ListQuery query);

    /** An entity and whether it is soft-deleted. */
    record Found<E>(E entity, boolean deleted, ConfirmedSource source) {
    }

    /** One page of a listing. */
    record Listed<E>(List<E> items, ConfirmedSource source) {
    }
}
