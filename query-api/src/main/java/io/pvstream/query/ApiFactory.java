package io.pvstream.query;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.ws;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
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
     * @param lookup     this instance's view of the PV stores
     * @param peers      how to reach the other instances
     * @param health     the health report
     * @param retryAfter sent with 503 answers
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter) {
        return create(lookup, peers, health, retryAfter, null);
    }

    /**
     * @param webSocket the WebSocket API ({@code /api/v1/ws}), or null for none
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter,
                                 WebSocketService webSocket) {
        return create(lookup, peers, health, retryAfter, webSocket, null, DEFAULT_MAX_REQUEST_BYTES);
    }

    /**
     * @param ops             the operations-records API (configurations, tags, buffer health, DLQ), or null for none
     * @param maxRequestBytes largest request body; a larger one is answered 413
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter,
                                 WebSocketService webSocket, OpsEndpoints ops, long maxRequestBytes) {
        return create(lookup, peers, health, retryAfter, webSocket, ops, null, maxRequestBytes);
    }

    /**
     * @param jobs the restore-job API (jobs, circuits), or null for none
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter,
                                 WebSocketService webSocket, OpsEndpoints ops, JobsEndpoints jobs,
                                 long maxRequestBytes) {
        return create(lookup, peers, health, retryAfter, webSocket, ops, jobs, null, maxRequestBytes);
    }

    /**
     * @param snapshots the snapshot API (save, read, compare, restore), or null for none; needs {@code ops}
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter,
                                 WebSocketService webSocket, OpsEndpoints ops, JobsEndpoints jobs,
                                 SnapshotEndpoints snapshots, long maxRequestBytes) {
        return create(lookup, peers, health, retryAfter, webSocket, ops, jobs, snapshots, maxRequestBytes,
                SecurityApi.off());
    }

    /**
     * @param security API keys, roles, the audit trail and TLS ({@link SecurityApi#off()}: none of it)
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter,
                                 WebSocketService webSocket, OpsEndpoints ops, JobsEndpoints jobs,
                                 SnapshotEndpoints snapshots, long maxRequestBytes, SecurityApi security) {
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
        ApiErrorHandlers.register(app, retryAfter);
        security.install(app);
        return app;
    }
}
