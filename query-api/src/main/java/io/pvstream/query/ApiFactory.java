package io.pvstream.query;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.pvstream.streams.PvStateLookup;

/**
 * Builds the HTTP API from its services; starts nothing. Tests pass in-memory services and run it with
 * {@code JavalinTest}; {@link QueryApiServer} passes the Kafka Streams ones.
 */
public final class ApiFactory {

    private ApiFactory() {
    }

    /**
     * @param lookup     this instance's view of the PV stores
     * @param peers      how to reach the other instances
     * @param health     the health report
     * @param retryAfter sent with 503 answers
     */
    public static Javalin create(PvStateLookup lookup, PeerClient peers, HealthService health, Duration retryAfter) {
        ObjectMapper mapper = Json.newMapper();
        PvController pv = new PvController(lookup, peers);
        PvListController pvList = new PvListController(lookup, peers, mapper);
        HealthController healthController = new HealthController(health);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.defaultHost = "127.0.0.1"; // loopback unless the caller binds elsewhere
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages(mapper)));
            config.router.apiBuilder(() -> {
                get(PvListController.PATH, pvList::listPvs);
                get(PvController.PATH, pv::getPv);
                get(PvListController.LOCAL_PATH, pvList::listLocalPvs);
                get(HealthController.PATH, healthController::health);
            });
        });
        ApiErrorHandlers.register(app, retryAfter);
        return app;
    }
}
