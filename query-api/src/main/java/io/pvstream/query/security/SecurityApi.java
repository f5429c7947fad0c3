package io.pvstream.query.security;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.security.RouteRole;
import io.pvstream.records.keys.AuditSink;
import io.pvstream.records.keys.EpochClock;

/**
 * Security as {@code ApiFactory} wires it into the HTTP API: the TLS connector, the key and audit routes, the
 * access check before every matched route and the WebSocket upgrade, and the audit record after every write.
 * {@link #off()} lets everything through and records nothing (unit tests of other parts of the API).
 */
public final class SecurityApi {

    private static final Logger log = LoggerFactory.getLogger(SecurityApi.class);

    /** A route and what it needs, as the router holds it. */
    public record RouteAccess(String method, String path, Set<RouteRole> declared, RoutePolicy.Requirement requirement) {
    }

    /** Where the HTTP server listens when TLS replaces the plain connector. */
    public record Listen(String host, int port) {
    }

    private final SecurityConfig.Settings settings;
    private final AccessControl access;
    private final AuditSink audit;
    private final SecurityEndpoints endpoints;
    private final Supplier<String> instance;
    private final Listen listen;
    /** The routes as they were added to the app (see {@link #configure}). */
    private final List<RouteAccess> routes = new CopyOnWriteArrayList<>();

    /**
     * @param endpoints the key and audit routes, or null for none
     * @param instance  this instance's address for audit records (known once HTTP listens)
     * @param listen    host and port for the TLS connector (ignored without TLS)
     */
    public SecurityApi(SecurityConfig.Settings settings, AccessControl access, AuditSink audit,
                       SecurityEndpoints endpoints, Supplier<String> instance, Listen listen) {
        this.settings = settings;
        this.access = access;
        this.audit = audit;
        this.endpoints = endpoints;
        this.instance = instance;
        this.listen = listen;
    }

    /** No checks, no audit, no key routes, plain HTTP. */
    public static SecurityApi off() {
        return new SecurityApi(SecurityConfig.Settings.disabled(), null, null, null, () -> "", null);
    }

    public SecurityConfig.Settings settings() {
        return settings;
    }

    /**
     * Inside {@code Javalin.create}, before any route: records every route as it is added (the route table), and
     * the TLS connector, if configured. One {@code SecurityApi} per app: the table is this app's.
     */
    public void configure(JavalinConfig config) {
        config.events.handlerAdded(this::record);
        if (settings.tls()) {
            config.jetty.addConnector((server, http) -> Tls.connector(server, http, settings.tlsKeystore(),
                    settings.tlsKeystorePassword(), listen.host(), listen.port()));
        }
    }

    /** Inside the router: who-am-I ({@code /api/v1/session}), the key and audit routes. */
    public void addRoutes() {
        io.javalin.apibuilder.ApiBuilder.get(SessionEndpoint.PATH, new SessionEndpoint(settings, access)::session,
                Role.READER);
        if (endpoints != null) {
            endpoints.addRoutes();
        }
    }

    /** After {@code Javalin.create}: the handlers that check and record requests. */
    public void install(Javalin app) {
        if (access != null) {
            app.beforeMatched(access::check);
            app.wsBeforeUpgrade(access::checkWebSocket);
        }
        if (audit != null) {
            AuditTrail trail = new AuditTrail(audit, UUID::randomUUID, EpochClock.of(java.time.Clock.systemUTC()),
                    instance);
            app.after(trail::after);
        }
        app.events(events -> events.serverStarting(() -> routes().stream()
                .filter(route -> route.requirement().undeclared())
                .forEach(route -> log.warn("{} {} was registered without a role: only admin keys may use it",
                        route.method(), route.path()))));
    }

    /** Every HTTP route of the app and what it needs, in path order. */
    public List<RouteAccess> routes() {
        return routes.stream()
                .sorted(Comparator.comparing(RouteAccess::path).thenComparing(RouteAccess::method))
                .toList();
    }

    private void record(HandlerMetaInfo handler) {
        if (handler.getHttpMethod().isHttpMethod()) {
            String method = handler.getHttpMethod().name();
            Set<RouteRole> declared = Set.copyOf(handler.getRoles());
            routes.add(new RouteAccess(method, handler.getPath(), declared,
                    RoutePolicy.required(method, handler.getPath(), declared)));
        }
    }
}
