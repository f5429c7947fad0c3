package io.pvstream.query.security;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.db.RateLimitedLog;
import io.pvstream.records.keys.ApiKeys;
import io.pvstream.records.keys.EpochClock;
import io.pvstream.records.keys.KeyRole;
import io.pvstream.records.keys.KeySecrets;
import io.pvstream.records.keys.Principal;

/**
 * Decides every request before its handler runs (Javalin {@code beforeMatched}, and {@code wsBeforeUpgrade} for the
 * WebSocket): what the route needs ({@link RoutePolicy}), who is asking, and whether that is enough.
 *
 * <ul>
 *   <li>no or malformed credentials: 401 with {@code WWW-Authenticate: Bearer};</li>
 *   <li>an unknown or revoked key, a wrong cluster token: 401, counted against the client address; after
 *       {@code security.auth.failures.max} of them within the window every request from there gets 429 with
 *       Retry-After, valid key or not, until the window ends;</li>
 *   <li>a valid key of a weaker role than the route needs: 403;</li>
 *   <li>keys not read from Kafka yet (the first second after start): 503 with Retry-After, not counted.</li>
 * </ul>
 * Error bodies and log lines never contain what the client sent as a key or token.
 */
public final class AccessControl {

    /** Context attribute: the {@link Principal} of an authenticated request. */
    public static final String PRINCIPAL = "pvstream.principal";
    /** Context attribute: the {@link RoutePolicy.Requirement} of a matched request. */
    static final String REQUIREMENT = "pvstream.requirement";
    /** Context attribute: when the request was checked (ns since the epoch), for the audit trail. */
    static final String ARRIVED_NS = "pvstream.arrived";
    /** Query parameter a browser's WebSocket may carry its key in (browsers cannot set headers on a WebSocket). */
    public static final String TOKEN_QUERY_PARAM = "token";
    /** Who a request with a valid cluster token is: another instance; it may read (and use internal routes). */
    static final Principal CLUSTER = new Principal("cluster", "cluster", KeyRole.READER);

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    private static final String BEARER = "Bearer ";

    private final SecurityConfig.Settings settings;
    private final ApiKeys keys;
    private final AuthFailures failures;
    private final EpochClock clock;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, Duration.ofMinutes(1));

    public AccessControl(SecurityConfig.Settings settings, ApiKeys keys, AuthFailures failures, EpochClock clock) {
        this.settings = settings;
        this.keys = keys;
        this.failures = failures;
        this.clock = clock;
    }

    /** The {@code beforeMatched} handler of every HTTP route. */
    public void check(Context ctx) {
        RoutePolicy.Requirement required = RoutePolicy.required(ctx.method().name(), ctx.path(), ctx.routeRoles());
        ctx.attribute(REQUIREMENT, required);
        ctx.attribute(ARRIVED_NS, clock.nowNs());
        if (!settings.enabled()) {
            return;
        }
        boolean read = !RoutePolicy.isWrite(ctx.method().name());
        if (read && ctx.routeRoles().isEmpty() && RoutePolicy.isStaticFile(ctx.path())) {
            return; // the console's files hold no data; the API calls they make carry the user's key
        }
        if (required.internal()) {
            if (!(read && settings.readsOpen())) {
                requireClusterToken(ctx);
            }
            return;
        }
        if (required.role() == Role.READER && settings.readsOpen()) {
            return;
        }
        Principal principal = authenticate(ctx, bearer(ctx));
        ctx.attribute(PRINCIPAL, principal);
        if (!principal.role().allows(required.role().key())) {
            throw new ApiException(403, "forbidden", ctx.method().name() + " " + ctx.path() + " needs the role "
                    + required.role().json() + " or stronger; key '" + principal.name() + "' is "
                    + principal.role().json());
        }
    }

    /** The {@code wsBeforeUpgrade} handler: with closed reads the WebSocket needs a key (header or ?token=). */
    public void checkWebSocket(Context ctx) {
        ctx.attribute(ARRIVED_NS, clock.nowNs());
        if (!settings.enabled() || settings.readsOpen()) {
            return;
        }
        String presented = bearer(ctx);
        if (presented == null) {
            presented = ctx.queryParam(TOKEN_QUERY_PARAM);
        }
        ctx.attribute(PRINCIPAL, authenticate(ctx, presented));
    }

    /**
     * Who sends this request: the principal the check found, else (open reads check no key) the key of its
     * {@code Authorization} header, if it has one; an unknown or revoked key is a 401 as on any route.
     */
    public Optional<Principal> identify(Context ctx) {
        Optional<Principal> known = principal(ctx);
        if (known.isPresent() || !settings.enabled()) {
            return known;
        }
        String presented = bearer(ctx);
        if (presented == null) {
            return Optional.empty();
        }
        Principal principal = authenticate(ctx, presented);
        ctx.attribute(PRINCIPAL, principal);
        return Optional.of(principal);
    }

    /** The principal of an authenticated request, if any. */
    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    private Principal authenticate(Context ctx, String presented) {
        String address = ctx.req().getRemoteAddr();
        refuseIfBlocked(ctx, address);
        String token = ctx.header(PeerClient.CLUSTER_TOKEN);
        if (token != null) {
            if (validClusterToken(token)) {
                return CLUSTER;
            }
            throw failed(ctx, address, "wrong cluster token");
        }
        if (presented == null || presented.isBlank()) {
            throw unauthorized(ctx, "this request needs an API key: send 'Authorization: Bearer <key>'");
        }
        ApiKeys.Authenticated result = keys.authenticate(presented.strip());
        return switch (result.check()) {
            case VALID -> result.principal();
            case NOT_LOADED -> {
                ctx.header("Retry-After", "1");
                throw ApiException.unavailable("API keys are still being loaded (instance starting); retry");
            }
            case REVOKED -> throw failed(ctx, address, "revoked API key");
            case UNKNOWN -> throw failed(ctx, address, "unknown API key");
        };
    }

    private void requireClusterToken(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        refuseIfBlocked(ctx, address);
        String token = ctx.header(PeerClient.CLUSTER_TOKEN);
        if (token == null) {
            throw unauthorized(ctx, ctx.path() + " is for query-api instances: it needs the cluster token ("
                    + SecurityConfig.INTERNAL_TOKEN + ")");
        }
        if (!validClusterToken(token)) {
            throw failed(ctx, address, "wrong cluster token");
        }
        ctx.attribute(PRINCIPAL, CLUSTER);
    }

    private boolean validClusterToken(String token) {
        String configured = settings.internalToken().value();
        return !configured.isEmpty() && KeySecrets.sameSecret(token, configured);
    }

    private void refuseIfBlocked(Context ctx, String address) {
        OptionalLong blocked = failures.blockedForNanos(address);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, (blocked.getAsLong() + 999_999_999L) / 1_000_000_000L);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "too_many_requests", "too many failed authentications from " + address
                    + "; retry in " + seconds + " s");
        }
    }

    private ApiException failed(Context ctx, String address, String why) {
        failures.failed(address);
        failureLog.warn("authentication failed: " + why + " from " + address + " (" + ctx.method().name() + " "
                + ctx.path() + ")", null);
        return unauthorized(ctx, why.substring(0, 1).toUpperCase(Locale.ROOT) + why.substring(1));
    }

    private static ApiException unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"pvstream\"");
        return new ApiException(401, "unauthorized", message);
    }

    /** The key of {@code Authorization: Bearer <key>}, or null. */
    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length());
    }
}
