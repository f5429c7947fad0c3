package io.pvstream.query.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.buffer.PendingOverlay.EntityVersions;
import io.pvstream.query.security.Author;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.buffer.ConfirmedView;
import io.pvstream.records.buffer.EntityKind;
import io.pvstream.records.buffer.ItemState;
import io.pvstream.records.buffer.Items;
import io.pvstream.records.buffer.OpsContext;
import io.pvstream.records.buffer.OpsEntity;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.PendingVersion;
import io.pvstream.records.buffer.StateMerge;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.TxPublisher;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.catalog.OpsRequests;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.db.ListCursor;
import io.pvstream.records.db.ListQuery;
import io.pvstream.records.db.RateLimitedLog;
import io.pvstream.query.http.RequestBodies;

/**
 * The REST endpoints of one kind of operations entity: writes are buffered in Kafka and answered at once;
 * reads merge the database with the pending overlay ({@link StateMerge}).
 */
final class EntityController<E extends OpsEntity, I> {

    /** Request header naming who makes a write when security is off; with it on, the API key's name is the author. */
    static final String AUTHOR_HEADER = Author.HEADER;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Logger log = LoggerFactory.getLogger(EntityController.class);

    private final EntityKind<E, I> kind;
    private final ConfirmedRows<E> confirmed;
    private final PendingOverlay overlay;
    private final TxPublisher publisher;
    private final ObjectMapper mapper;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final long maxBodyBytes;
    private final RateLimitedLog databaseDown = new RateLimitedLog(log, Duration.ofMinutes(1));

    EntityController(EntityKind<E, I> kind, ConfirmedRows<E> confirmed, OpsContext context) {
        this.kind = kind;
        this.confirmed = confirmed;
        this.overlay = context.overlay();
        this.publisher = context.publisher();
        this.mapper = context.mapper();
        this.ids = context.ids();
        this.clock = context.clock();
        this.maxBodyBytes = context.maxBodyBytes();
    }

    String collectionPath() {
        return kind.path();
    }

    String itemPath() {
        return kind.path() + "/{id}";
    }

    /** {@code POST}: 201 with the new id, a Location header and the entity, once Kafka has the transaction. */
    void create(Context ctx) {
        I input = kind.parse(RequestBodies.jsonObject(ctx, maxBodyBytes, mapper), null);
        String id = ids.get().toString();
        Write write = kind.create(draft(ctx), id, input);
        publish(write);
        ctx.status(201).header("Location", kind.path() + "/" + id).json(Items.of(write.entity(), ItemState.PENDING));
    }

    /** {@code PUT /{id}}: full replacement; 404 for an unknown or deleted id. */
    void update(Context ctx) {
        String id = id(ctx);
        I input = kind.parse(RequestBodies.jsonObject(ctx, maxBodyBytes, mapper), id);
        Current<E> current = current(id);
        Write write = kind.update(draft(ctx), current.entity(), current.known(), input);
        publish(write);
        ctx.json(Items.of(write.entity(), ItemState.PENDING));
    }

    /** {@code DELETE /{id}}: soft delete; the answer is the last version with {@code "deleted": true}. */
    void delete(Context ctx) {
        String id = id(ctx);
        Current<E> current = current(id);
        Write write = kind.delete(draft(ctx), current.entity(), current.known());
        publish(write);
        ctx.json(Items.of(write.entity(), ItemState.PENDING));
    }

    /** {@code GET /{id}}: the latest version with its state; 503 if only the (unreachable) database could tell. */
    void get(Context ctx) {
        String id = id(ctx);
        ctx.json(resolve(id, overlay.forEntity(id)));
    }

    /** {@code GET ?name=&after=&limit=}: live entities in (name, id) order, pending ones included. */
    void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= MAX_LIMIT, "must be between 1 and " + MAX_LIMIT)
                .getOrDefault(DEFAULT_LIMIT);
        String name = ctx.queryParam("name");
        ListCursor after = ListCursor.decode(ctx.queryParam("after"));
        Map<String, PendingVersion> pending = overlay.latestOfType(kind.type());
        List<ObjectNode> rows;
        boolean available;
        try {
            ConfirmedRows.Listed<E> listed = confirmed.list(new ListQuery(name, after, limit + 1, pending.keySet()));
            rows = listed.items().stream()
                    .map(entity -> Items.of(mapper.valueToTree(entity), ItemState.confirmedFrom(listed.source())))
                    .toList();
            available = true;
            databaseDown.recovered("operations database answers again");
        } catch (DatabaseUnavailableException e) {
            databaseDown.warn("listing " + kind.type() + "s from the pending buffer only", e);
            rows = List.of();
            available = false;
        }
        ctx.json(StateMerge.page(rows, pending, name, after, limit, available));
    }

    private ObjectNode resolve(String id, EntityVersions versions) {
        try {
            return StateMerge.one(versions.stored(), versions.recent(), () -> confirmedView(id))
                    .orElseThrow(() -> ApiException.notFound("unknown " + kind.type() + " " + id));
        } catch (DatabaseUnavailableException e) {
            databaseDown.warn("cannot read " + kind.type() + " " + id, e);
            throw ApiException.unavailable(e.getMessage() + "; " + kind.type() + " " + id
                    + " has no write waiting in the buffer");
        }
    }

    private Optional<ConfirmedView> confirmedView(String id) {
        return confirmed.find(id).map(found ->
                new ConfirmedView(mapper.valueToTree(found.entity()), found.deleted(), found.source()));
    }

    /** The version a write applies to, and the other versions still pending (their parts may need removing). */
    private Current<E> current(String id) {
        EntityVersions versions = overlay.forEntity(id);
        E entity = decode(resolve(id, versions));
        List<E> known = versions.all().stream()
                .filter(version -> !version.isDelete())
                .map(version -> decode(version.entity()))
                .toList();
        return new Current<>(entity, known);
    }

    private record Current<E>(E entity, List<E> known) {
    }

    private E decode(JsonNode json) {
        try {
            return mapper.treeToValue(json, kind.entityClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + kind.type() + " version does not read back", e);
        }
    }

    private void publish(Write write) {
        try {
            publisher.publish(write.tx());
        } catch (TxPublisher.PublishException e) {
            String ids = kind.type() + " " + write.tx().getEntityId() + ", transaction " + write.tx().getTxId();
            if (e.tooLarge()) {
                throw new ApiException(413, RequestBodies.TOO_LARGE, "Kafka refuses the transaction of " + ids
                        + " for its size: " + e.getMessage());
            }
            throw ApiException.unavailable("the write buffer (Kafka) did not confirm " + ids + ": " + e.getMessage()
                    + ". It may still be applied: read it back before writing again");
        }
        overlay.remember(write);
    }

    private TxDraft draft(Context ctx) {
        Instant now = clock.instant();
        long bufferedNs = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        return new TxDraft(ids.get().toString(), bufferedNs, author(ctx));
    }

    /** See {@link Author}. */
    private static String author(Context ctx) {
        return Author.of(ctx, OpsRequests.MAX_NAME_LENGTH);
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            if (UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.badRequest("id: must be a UUID in lower case, as the API returned it (got '"
                + (id.length() > 80 ? id.substring(0, 77) + "..." : id) + "')");
    }
}
