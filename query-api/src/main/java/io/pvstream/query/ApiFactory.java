package io.pvstream.query;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.ws;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.pvstream.query.console.ConsoleRoutes;
import io.pvstream.query.jobs.JobsEndpoints;
import io.pvstream.query.ops.OpsEndpoints;
import io.pvstream.query.security.Role;
import io.pvstream.query.security.SecurityApi;
import io.pvstream.query.snapshots.SnapshotEndpoints;
import io.pvstream.query.ws.WebSocketService;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.query.http.Json;
import io.pvstream.query.http.JsonErrorPages;
import io.pvstream.query.health.HealthController;
import io.pvstream.query.health.HealthService;
import io.pvstream.query.pv.PvController;
import io.pvstream.query.pv.PvListController;
import io.pvstream.query.schemas.SchemaRoutes;

/**
 * Builds the HTTP API from its services; starts nothing. Tests pass in-memory services and run it with
 * {@code JavalinTest}; {@link QueryApiServer} passes the Kafka Streams ones.
 */
public final class ApiFactory {

    /** Javalin's own default, kept when no limit is given. */
    static final long DEFAULT_MAX_REQUEST_BYTES = 1_000_000L;

    private ApiFactory() {
    }

    /**
     * Everything the HTTP API is built from, filled once and then given to {@link #create}. {@link #of} gives the PV
     * and health routes; each {@code with...} adds a part (a part not added has no routes).
     */
    public static final class Services {

        private final PvStateLookup lookup;
        private final PeerClient peers;
        private final HealthService health;
        private final Duration retryAfter;
        private WebSocketService webSocket;
        private OpsEndpoints ops;
        private JobsEndpoints jobs;
        private SnapshotEndpoints snapshots;
        private IngestRoutes ingest;
        private HistoryRoutes history;
        private SchemaRoutes schemas;
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private SecurityApi security = SecurityApi.off();

        private Services(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter) {
            this.lookup = lookup;
            this.peers = peers;
            this.health = health;
            this.retryAfter = retryAfter;
        }

        /**
         * @param lookup     this instance's view of the PV stores
         * @param peers      how to reach the other instances
         * @param health     the health report
         * @param retryAfter sent with 503 answers
         */
        public static Services of(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter) {
            return new Services(lookup, peers, health, retryAfter);
        }

        /** The WebSocket API ({@code /api/v1/ws}). */
        public Services withWebSocket(WebSocketService value) {
            webSocket = value;
            return this;
        }

        /** The operations-records API (configurations, tags, buffer health, DLQ). */
        public Services withOps(OpsEndpoints value) {
            ops = value;
            return this;
        }

        /** The restore-job API (jobs, circuits). */
        public Services withJobs(JobsEndpoints value) {
            jobs = value;
            return this;
        }

        /** The snapshot and restore API; needs {@link #withOps}. */
        public Services withSnapshots(SnapshotEndpoints value) {
            snapshots = value;
            return this;
        }

        /** Runtime PV management and ingest health. */
        public Services withIngest(IngestRoutes value) {
            ingest = value;
            return this;
        }

        /** PV history from the archive. */
        public Services withHistory(HistoryRoutes value) {
            history = value;
            return this;
        }

        /** The schemas of our topics. */
        public Services withSchemas(SchemaRoutes value) {
            schemas = value;
            return this;
        }

        /** The largest request body; a larger one is answered 413. */
        public Services withMaxRequestBytes(long value) {
            maxRequestBytes = value;
            return this;
        }

        /** API keys, roles, the audit trail and TLS (default {@link SecurityApi#off()}: none of it). */
        public Services withSecurity(SecurityApi value) {
            security = value;
            return this;
        }
    }

    /** The API of {@code services}, not started. */
    public static Javalin create(Services services) {
        PvStateLookup lookup = services.lookup;
        PeerClient peers = services.peers;
        HealthService health = services.health;
        WebSocketService webSocket = services.webSocket;
        OpsEndpoints ops = services.ops;
        JobsEndpoints jobs = services.jobs;
        SnapshotEndpoints snapshots = services.snapshots;
        long maxRequestBytes = services.maxRequestBytes;
        SecurityApi security = services.security;
        ObjectMapper mapper = Json.newMapper();
        PvController pv = new PvController(lookup, peers, health::viewLagMs);
        PvListController pvList = new PvListController(lookup, peers, mapper);
        HealthController healthController = new HealthController(health);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.defaultHost = "127.0.0.1"; // loopback unless the caller binds elsewhere
            config.http.maxRequestSize = maxRequestBytes;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages(mapper)));
            if (webSocket != null) {
                config.jetty.modifyWebSocketServletFactory(webSocket::configureFactory);
            }
            security.configure(config);
            ConsoleRoutes.configure(config);
            config.router.apiBuilder(() -> {
                get(PvListController.PATH, pvList::listPvs, Role.READER);
                get(PvController.PATH, pv::getPv, Role.READER);
                get(PvListController.LOCAL_PATH, pvList::listLocalPvs, Role.READER);
                get(HealthController.PATH, healthController::health, Role.READER);
                get(HealthController.READY_PATH, healthController::ready, Role.READER);
                if (webSocket != null) {
                    ws(WebSocketService.PATH, webSocket::configure, Role.READER);
                    get(WebSocketService.STATS_PATH, webSocket::stats, Role.READER);
                }
                if (ops != null) {
                    ops.addRoutes(mapper);
                }
                if (jobs != null) {
                    jobs.addRoutes();
                }
                if (snapshots != null) {
                    snapshots.addRoutes(mapper);
                }
                security.addRoutes();
            });
        });
        ApiErrorHandlers.register(app, services.retryAfter);
        security.install(app);
        ConsoleRoutes.install(app);
        // after the router's groups, where the server used to add them (their order decides which path matches)
        if (services.ingest != null) {
            services.ingest.addTo(app);
        }
        if (services.history != null) {
            services.history.addTo(app);
        }
        if (services.schemas != null) {
            services.schemas.addTo(app);
        }
        return app;
    }
}
