package io.pvstream.query.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.buffer.OpsEntity;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.db.ListOrder;
import io.pvstream.records.db.ListQuery;

/** The database's rows of one kind in memory; can be "down", and can read as primary or replica. */
final class InMemoryConfirmedRows<E extends OpsEntity> implements ConfirmedRows<E> {

    private record Row<E>(E entity, boolean deleted) {
    }

    private final Map<String, Row<E>> rows = new ConcurrentHashMap<>();
    private final UnaryOperator<E> listForm;
    private volatile ConfirmedSource source = ConfirmedSource.PRIMARY;
    private volatile boolean down;
    volatile ListQuery lastQuery;

    InMemoryConfirmedRows(UnaryOperator<E> listForm) {
        this.listForm = listForm;
    }

    InMemoryConfirmedRows<E> put(E entity) {
        rows.put(entity.id(), new Row<>(entity, false));
        return this;
    }

    InMemoryConfirmedRows<E> putDeleted(E entity) {
        rows.put(entity.id(), new Row<>(entity, true));
        return this;
    }

    void setSource(ConfirmedSource source) {
        this.source = source;
    }

    void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public Optional<Found<E>> find(String id) {
        requireUp();
        return Optional.ofNullable(rows.get(id)).map(row -> new Found<>(row.entity(), row.deleted(), source));
    }

    @Override
    public Listed<E> list(ListQuery query) {
        requireUp();
        lastQuery = query;
        return new Listed<>(rows.values().stream()
                .filter(row -> !row.deleted())
                .map(Row::entity)
                .filter(entity -> !query.excludedIds().contains(entity.id()))
                .filter(entity -> ListOrder.nameMatches(entity.name(), query.nameContains()))
                .filter(entity -> ListOrder.isAfter(entity.name(), entity.id(), query.after()))
                .sorted((a, b) -> ListOrder.compare(a.name(), a.id(), b.name(), b.id()))
                .limit(query.limit())
                .map(listForm)
                .toList(), source);
    }

    private void requireUp() {
        if (down) {
            throw new DatabaseUnavailableException("the operations database cannot answer (primary: unreachable, "
                    + "SQLState 08001)");
        }
    }
}
