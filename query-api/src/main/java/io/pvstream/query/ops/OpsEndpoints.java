package io.pvstream.query.ops;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.security.Role;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.buffer.DeadLetters;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.buffer.OpsContext;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.RecentBufferedWrites;
import io.pvstream.records.buffer.TxPublisher;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationKind;
import io.pvstream.records.catalog.ConfigurationLookup;
import io.pvstream.records.catalog.Tag;
import io.pvstream.records.catalog.TagKind;
import io.pvstream.records.db.DatabaseStatus;

/**
 * The operations-records part of the HTTP API, built from its services; {@code ApiFactory} calls
 * {@link #addRoutes} inside its router. Tests pass in-memory services, {@link OpsServices} the real ones.
 *
 * <pre>
 * POST/GET        /api/v1/configurations           PUT/GET/DELETE /api/v1/configurations/{id}
 * POST/GET        /api/v1/tags                     PUT/GET/DELETE /api/v1/tags/{id}
 * GET             /api/v1/health/buffer
 * GET             /api/v1/ops/dlq                  POST           /api/v1/ops/dlq/{offset}/replay
 * GET (internal)  /api/v1/internal/ops/pending/{entityId}, /api/v1/internal/ops/pending?type=, /api/v1/internal/ops/summary
 * </pre>
 */
public final class OpsEndpoints {

    /**
     * What the endpoints are built from.
     *
     * @param lookup       this instance's view of the pending store
     * @param peers        how to reach the other instances (internal endpoints)
     * @param ids          source of pre-generated ids ({@code UUID::randomUUID})
     * @param maxBodyBytes largest write body ({@code http.max.request.bytes})
     */
    public record Parts(OpsPendingLookup lookup, PeerClient peers, TxPublisher publisher,
                        ConfirmedRows<Configuration> configurations, ConfirmedRows<Tag> tags, DeadLetters deadLetters,
                        Supplier<Optional<FlowRates>> rates, Supplier<DatabaseStatus> database, Supplier<UUID> ids,
                        Clock clock, long maxBodyBytes, int maxPvsPerConfiguration) {
    }

    private final Parts parts;
    private final RecentBufferedWrites recent = new RecentBufferedWrites();
    private PendingOverlay overlay;
    private ConfigurationLookup configurationLookup;

    public OpsEndpoints(Parts parts) {
        this.parts = parts;
    }

    /** Registers every route; call inside {@code config.router.apiBuilder(...)}. */
    public void addRoutes(ObjectMapper mapper) {
        overlay = new PendingOverlay(parts.lookup(), parts.peers(), mapper, recent);
        configurationLookup = new ConfigurationLookup(overlay, parts.configurations(), mapper);
        OpsContext context = new OpsContext(overlay, parts.publisher(), mapper, parts.ids(), parts.clock(),
                parts.maxBodyBytes());
        entityRoutes(new EntityController<>(new ConfigurationKind(parts.maxPvsPerConfiguration(), mapper),
                parts.configurations(), context));
        entityRoutes(new EntityController<>(new TagKind(mapper), parts.tags(), context));

        PendingController pending = new PendingController(overlay);
        get(PendingController.ENTITY_PATH, pending::entity);
        get(PendingController.TYPE_PATH, pending::ofType);
        get(PendingController.SUMMARY_PATH, pending::summary);

        BufferHealth health = new BufferHealth(overlay, parts.rates(), parts.database(), parts.clock());
        get(BufferHealth.PATH, health::report);

        DlqController dlq = new DlqController(parts.deadLetters());
        get(DlqController.PATH, dlq::list);
        post(DlqController.REPLAY_PATH, dlq::replay, Role.ADMIN);
    }

    /** The pending overlay the routes read through (for other kinds of records); set by {@link #addRoutes}. */
    public PendingOverlay overlay() {
        return java.util.Objects.requireNonNull(overlay, "addRoutes first");
    }

    /** Reads configurations as their endpoints do; set by {@link #addRoutes}. */
    public ConfigurationLookup configurations() {
        return java.util.Objects.requireNonNull(configurationLookup, "addRoutes first");
    }

    public Parts parts() {
        return parts;
    }

    private static void entityRoutes(EntityController<?, ?> controller) {
        post(controller.collectionPath(), controller::create, Role.OPERATOR);
        get(controller.collectionPath(), controller::list, Role.READER);
        get(controller.itemPath(), controller::get, Role.READER);
        put(controller.itemPath(), controller::update, Role.OPERATOR);
        delete(controller.itemPath(), controller::delete, Role.OPERATOR);
    }
}
