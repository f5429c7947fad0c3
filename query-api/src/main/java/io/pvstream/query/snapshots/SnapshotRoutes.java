package io.pvstream.query.snapshots;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.query.ApiException;
import io.pvstream.query.ops.RequestBodies;
import io.pvstream.query.security.Author;
import io.pvstream.query.security.Role;
import io.pvstream.records.snapshots.Csv;
import io.pvstream.records.snapshots.SnapshotCompare;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.records.snapshots.SnapshotQuery;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.records.snapshots.SnapshotRequest;
import io.pvstream.records.snapshots.SnapshotService;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

/**
 * Save, list, read and compare snapshots over HTTP: each route parses, asks {@link SnapshotService}, renders.
 *
 * <pre>
 * POST /api/v1/snapshots                      201 + id at once; values persist through the operations buffer
 *                                             ("asOf": T saves the values the archive holds at T: source archive)
 * GET  /api/v1/snapshots?tag=&q=&from=&to=&limit=&cursor=        newest first
 * GET  /api/v1/snapshots/{id}?limit=&after=   header + a page of values; ?format=csv streams them all as CSV
 * GET  /api/v1/snapshots/{id}/compare?with=live|{otherId}&tolAbs=&tolRel=&limit=
 * </pre>
 */
public final class SnapshotRoutes {

    public static final String PATH = "/api/v1/snapshots";
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int DEFAULT_VALUES_LIMIT = 1_000;
    private static final int MAX_VALUES_LIMIT = 50_000;

    private final SnapshotService service;
    private final SnapshotConfig.Settings settings;
    private final Clock clock;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    /** @param maxBodyBytes largest request body ({@code http.max.request.bytes}) */
    public SnapshotRoutes(SnapshotService service, SnapshotConfig.Settings settings, Clock clock, long maxBodyBytes,
                          ObjectMapper mapper) {
        this.service = service;
        this.settings = settings;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = mapper;
    }

    /** Registers the routes; call inside {@code config.router.apiBuilder(...)}. */
    public void addRoutes() {
        post(PATH, this::create, Role.OPERATOR);
        get(PATH, this::list);
        get(PATH + "/{id}", this::read);
        get(PATH + "/{id}/compare", this::compare);
    }

    void create(Context ctx) {
        SnapshotRequest request = SnapshotRequest.parse(RequestBodies.jsonObject(ctx, maxBodyBytes, mapper),
                settings.maxPvs(), clock.instant());
        SnapshotService.Taken taken = service.take(request, author(ctx));
        ctx.status(201).header("Location", PATH + "/" + taken.id()).json(taken.item());
    }

    void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= 1_000, "must be between 1 and 1000")
                .getOrDefault(DEFAULT_LIST_LIMIT);
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("from: must not be after to");
        }
        SnapshotQuery query = new SnapshotQuery(blankToNull(ctx.queryParam("tag")), blankToNull(ctx.queryParam("q")),
                from, to, SnapshotQuery.Cursor.decode(ctx.queryParam("cursor")), limit, Set.of());
        SnapshotReader.Page page = service.list(query);
        Map<String, Object> body = new HashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        ctx.json(body);
    }

    void read(Context ctx) {
        SnapshotReader.Loaded loaded = service.read(id(ctx));
        if ("csv".equals(ctx.queryParam("format")) || acceptsOnlyCsv(ctx)) {
            csv(ctx, loaded);
            return;
        }
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= MAX_VALUES_LIMIT, "must be between 1 and " + MAX_VALUES_LIMIT)
                .getOrDefault(DEFAULT_VALUES_LIMIT);
        String after = ctx.queryParam("after");
        List<SnapshotValue> page = loaded.values().stream()
                .filter(value -> after == null || value.pv().compareTo(after) > 0)
                .limit(limit + 1L)
                .toList();
        ObjectNode body = loaded.item().deepCopy();
        ArrayNode values = body.putArray("values");
        page.stream().limit(limit).forEach(value -> values.add(SnapshotValues.view(value)));
        body.put("nextAfter", page.size() > limit ? page.get(limit - 1).pv() : null);
        ctx.json(body);
    }

    void compare(Context ctx) {
        String id = id(ctx);
        String with = ctx.queryParam("with");
        if (with == null || with.isBlank()) {
            throw ApiException.badRequest("with: required, 'live' or the id of another snapshot");
        }
        SnapshotCompare.Tolerance override = new SnapshotCompare.Tolerance(tolerance(ctx, "tolAbs"),
                tolerance(ctx, "tolRel"));
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 0 && value <= MAX_VALUES_LIMIT, "must be between 0 and " + MAX_VALUES_LIMIT)
                .getOrDefault(DEFAULT_VALUES_LIMIT);
        if (!with.equals("live") && !isUuid(with)) {
            service.read(id); // an unknown snapshot is a 404 before a malformed "with" is a 400
            throw ApiException.badRequest("with: 'live' or the id of another snapshot (a lower-case UUID)");
        }
        SnapshotCompare.Result result = service.compare(id, with, override);
        ObjectNode body = mapper.createObjectNode();
        body.put("snapshotId", id);
        body.put("with", with);
        body.putObject("summary").put("total", result.total()).put("equal", result.equal())
                .put("different", result.different()).put("missing", result.missing())
                .put("disconnected", result.disconnected());
        ArrayNode items = body.putArray("items");
        result.items().stream().limit(limit).forEach(item -> {
            ObjectNode node = items.addObject();
            node.put("name", item.pv());
            node.put("outcome", item.outcome().name().toLowerCase(Locale.ROOT));
            node.set("saved", SnapshotValues.view(item.saved()));
            node.set("other", item.other() == null ? null : SnapshotValues.view(item.other()));
            node.put("delta", item.delta());
        });
        body.put("truncated", result.items().size() > limit);
        ctx.json(body);
    }

    private void csv(Context ctx, SnapshotReader.Loaded loaded) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"snapshot-" + loaded.snapshot().id() + ".csv\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            out.write("name,state,value,kind,timestamp,severity,status,tolerance_abs,tolerance_rel,read_only\n");
            for (SnapshotValue value : loaded.values()) {
                ObjectNode view = SnapshotValues.view(value);
                out.write(String.join(",", Csv.field(value.pv()), value.state().json(),
                        Csv.field(SnapshotValues.text(value)), Csv.field(value.kind()),
                        Csv.field(view.path("timestamp").asText(null)), Csv.field(value.severity()),
                        Csv.field(value.status()), Csv.number(value.toleranceAbs()), Csv.number(value.toleranceRel()),
                        Boolean.toString(value.readOnly())));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("client went away during a CSV export", e);
        }
    }

    /** See {@link Author}. */
    static String author(Context ctx) {
        return Author.of(ctx, SnapshotRequest.MAX_NAME);
    }

    private static boolean acceptsOnlyCsv(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/csv") && !accept.contains("json");
    }

    private static Instant instant(Context ctx, String param) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(param + ": an ISO-8601 UTC time such as 2026-11-23T03:12:00Z (got '"
                    + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "')");
        }
    }

    private static Double tolerance(Context ctx, String param) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(param + ": a finite number >= 0");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The {@code {id}} path parameter, a lower-case UUID (snapshot and job ids alike). */
    static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!isUuid(id)) {
            throw ApiException.badRequest("id: must be a snapshot id (a lower-case UUID), as the API returned it");
        }
        return id;
    }

    private static boolean isUuid(String text) {
        try {
            return java.util.UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
