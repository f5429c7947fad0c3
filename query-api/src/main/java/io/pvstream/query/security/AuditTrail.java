package io.pvstream.query.security;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.javalin.http.Context;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.records.keys.ApiKeys;
import io.pvstream.records.keys.AuditSink;
import io.pvstream.records.keys.EpochClock;
import io.pvstream.records.keys.Principal;

/**
 * The {@code after} handler that records every write: each request with a method other than GET/HEAD/OPTIONS whose
 * route matched and that was authorized, or refused with 403 (the key is known: who tried matters), whatever the
 * handler then answered. Not recorded: requests refused before anyone was identified (401, 429; they are logged,
 * rate-limited), the instance-to-instance routes ({@code /api/v1/internal/*}, reads in effect) and reads sent as
 * POST (routes declared {@link Role#READER}).
 *
 * <p>With security off the author is the {@code X-Pvstream-Author} header, so the trail still says something.
 */
public final class AuditTrail {

    static final String AUTHOR_HEADER = Author.HEADER;

    private final AuditSink sink;
    private final Supplier<UUID> ids;
    private final EpochClock clock;
    private final Supplier<String> instance;

    /**
     * @param instance this instance's address (host:port), known once HTTP listens
     */
    public AuditTrail(AuditSink sink, Supplier<UUID> ids, EpochClock clock, Supplier<String> instance) {
        this.sink = sink;
        this.ids = ids;
        this.clock = clock;
        this.instance = instance;
    }

    public void after(Context ctx) {
        RoutePolicy.Requirement required = ctx.attribute(AccessControl.REQUIREMENT);
        if (required == null || required.internal() || !RoutePolicy.isWrite(ctx.method().name())
                || required.role() == Role.READER) { // a query sent as POST (e.g. values at a time) reads
            return;
        }
        Principal principal = ctx.attribute(AccessControl.PRINCIPAL);
        int status = ctx.statusCode();
        boolean securityOff = principal == null && status != 401 && status != 429 && status != 503;
        if (principal == null && !securityOff) {
            return;
        }
        Long arrived = ctx.attribute(AccessControl.ARRIVED_NS);
        AuditEvent event = AuditEvent.newBuilder()
                .setId(ids.get().toString())
                .setAtNs(arrived != null ? arrived : clock.nowNs())
                .setKeyId(principal == null ? null : principal.keyId())
                .setKeyName(principal == null ? author(ctx) : principal.name())
                .setRole(principal == null ? null : principal.role().json())
                .setMethod(ctx.method().name())
                .setPath(ctx.path())
                .setTargetId(target(ctx))
                .setStatus(status)
                .setRemoteAddress(ctx.req().getRemoteAddr())
                .setInstance(instance.get())
                .build();
        sink.record(event);
    }

    /** The created thing (last segment of Location), else the id or name in the path. */
    private String target(Context ctx) {
        String location = ctx.res().getHeader("Location");
        if (location != null && !location.isBlank()) {
            String path = URI.create(location).getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        // Javalin keeps the matched route's path parameters through the after handlers (none when nothing matched)
        Map<String, String> params = ctx.pathParamMap();
        for (String name : new String[] {"id", "name", "offset"}) {
            if (params.containsKey(name)) {
                return params.get(name);
            }
        }
        return params.values().stream().findFirst().orElse(null);
    }

    private static String author(Context ctx) {
        String author = ctx.header(AUTHOR_HEADER);
        if (author == null || author.isBlank()) {
            return null;
        }
        String clean = author.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > ApiKeys.MAX_NAME_LENGTH ? clean.substring(0, ApiKeys.MAX_NAME_LENGTH) : clean;
    }
}
