package io.pvstream.query.snapshots;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.http.RequestBodies;
import io.pvstream.query.security.Role;
import io.pvstream.records.snapshots.SavedValuesCache;
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
 * GET  /api/v1/snapshots/{id}/compare?with=live|archive|{otherId}&at=&tolAbs=&tolRel=&sort=&limit=
 * </pre>
 */
public final class SnapshotRoutes {

    public static final String PATH = "/api/v1/snapshots";
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int DEFAULT_VALUES_LIMIT = 1_000;
    private static final int MAX_VALUES_LIMIT = 50_000;

    private final SnapshotService service;
    private final SavedValuesCache saved;
    private final SnapshotConfig.Settings settings;
    private final Clock clock;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    /**
     * @param saved        the values the service keeps (a whole read's JSON is kept with them)
     * @param maxBodyBytes largest request body ({@code http.max.request.bytes})
     */
    public SnapshotRoutes(SnapshotService service, SavedValuesCache saved, SnapshotConfig.Settings settings,
                          Clock clock, long maxBodyBytes, ObjectMapper mapper) {
        this.service = service;
        this.saved = saved;
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
        SnapshotService.Taken taken = service.take(request, SnapshotParams.author(ctx));
        // Server-Timing (W3C): where a slow save went, for operators' tools and the benchmark
        ctx.status(201).header("Location", PATH + "/" + taken.id())
                .header("Server-Timing", "read;dur=" + taken.readMs() + ";desc=\"stores caught up, values read\", "
                        + "write;dur=" + taken.writeMs() + ";desc=\"acknowledged by Kafka\"")
                .json(taken.item());
    }

    void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= 1_000, "must be between 1 and 1000")
                .getOrDefault(DEFAULT_LIST_LIMIT);
        Instant from = SnapshotParams.instant(ctx, "from");
        Instant to = SnapshotParams.instant(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("from: must not be after to");
        }
        SnapshotQuery query = new SnapshotQuery(SnapshotParams.text(ctx, "tag"), SnapshotParams.text(ctx, "q"),
                from, to, SnapshotQuery.Cursor.decode(ctx.queryParam("cursor")), limit, Set.of());
        SnapshotReader.Page page = service.list(query);
        Map<String, Object> body = new HashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        ctx.json(body);
    }

    void read(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiException.badRequest("format: csv or json");
        }
        boolean csv = "csv".equals(format) || format == null && SnapshotParams.acceptsOnlyCsv(ctx);
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 0 && value <= MAX_VALUES_LIMIT, "must be between 0 and " + MAX_VALUES_LIMIT)
                .getOrDefault(DEFAULT_VALUES_LIMIT);
        if (limit == 0 && !csv) { // the header alone: no value is read, so a 40K-PV snapshot's page opens at once
            ObjectNode body = service.header(SnapshotParams.id(ctx)).deepCopy();
            body.putArray("values");
            body.putNull("nextAfter");
            ctx.json(body);
            return;
        }
        SnapshotReader.Loaded loaded = service.read(SnapshotParams.id(ctx));
        if (csv) {
            SnapshotCsv.write(ctx, loaded);
            return;
        }
        String after = ctx.queryParam("after");
        if (after == null && limit >= loaded.values().size()) {
            whole(ctx, loaded);
            return;
        }
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

    /**
     * Every value: the header as it stands now, then the values' JSON, rendered once per snapshot and kept with its
     * values ({@link SavedValuesCache#rendered}), as the values never change. The same body as a page's.
     */
    private void whole(Context ctx, SnapshotReader.Loaded loaded) {
        byte[] values = saved.rendered(loaded.snapshot().id(), loaded.values(), this::render);
        byte[] header = json(loaded.item()); // an object with fields: ends with '}'
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + values.length + 64);
        body.write(header, 0, header.length - 1);
        body.writeBytes(",\"values\":".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(values);
        body.writeBytes(",\"nextAfter\":null}".getBytes(StandardCharsets.UTF_8));
        ctx.contentType(ContentType.APPLICATION_JSON).result(body.toByteArray());
    }

    private byte[] render(List<SnapshotValue> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.size() * 240);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartArray();
            for (SnapshotValue value : values) {
                SnapshotValues.writeView(value, json);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private byte[] json(Object tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    void compare(Context ctx) {
        String id = SnapshotParams.id(ctx);
        String with = ctx.queryParam("with");
        if (with == null || with.isBlank()) {
            throw ApiException.badRequest("with: required, 'live', 'archive' (with at=) or the id of another snapshot");
        }
        SnapshotCompare.Tolerance override = new SnapshotCompare.Tolerance(SnapshotParams.tolerance(ctx, "tolAbs"),
                SnapshotParams.tolerance(ctx, "tolRel"));
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 0 && value <= MAX_VALUES_LIMIT, "must be between 0 and " + MAX_VALUES_LIMIT)
                .getOrDefault(DEFAULT_VALUES_LIMIT);
        boolean byDeviation = sortByDeviation(ctx.queryParam("sort"));
        Instant at = SnapshotParams.instant(ctx, "at");
        if (with.equals("archive") && at == null) {
            throw ApiException.badRequest("at: required with with=archive, an ISO-8601 UTC time such as "
                    + "2026-11-23T03:12:00Z");
        }
        if (!with.equals("live") && !with.equals("archive") && !SnapshotParams.isUuid(with)) {
            service.read(id); // an unknown snapshot is a 404 before a malformed "with" is a 400
            throw ApiException.badRequest("with: 'live', 'archive' or the id of another snapshot (a lower-case UUID)");
        }
        SnapshotCompare.Result result = with.equals("archive") ? service.compareWithPast(id, at, override)
                : service.compare(id, with, override);
        List<SnapshotCompare.Item> ordered = byDeviation
                ? result.items().stream().sorted(SnapshotCompare.BY_DEVIATION).toList() : result.items();
        ObjectNode body = mapper.createObjectNode();
        body.put("snapshotId", id);
        body.put("with", with);
        if (with.equals("archive")) {
            body.put("at", at.toString());
        }
        body.put("sort", byDeviation ? "deviation" : "outcome");
        body.putObject("summary").put("total", result.total()).put("equal", result.equal())
                .put("different", result.different()).put("missing", result.missing())
                .put("disconnected", result.disconnected());
        ArrayNode items = body.putArray("items");
        ordered.stream().limit(limit).forEach(item -> {
            ObjectNode node = items.addObject();
            node.put("name", item.pv());
            node.put("outcome", item.outcome().name().toLowerCase(Locale.ROOT));
            node.set("saved", SnapshotValues.view(item.saved()));
            node.set("other", item.other() == null ? null : SnapshotValues.view(item.other()));
            node.put("delta", item.delta());
            node.put("ratio", item.ratio());
        });
        body.put("truncated", result.items().size() > limit);
        ctx.json(body);
    }

    /** {@code sort}: absent or "outcome" (differing first, by name), "deviation" (differing first, by |Δ|/tol). */
    private static boolean sortByDeviation(String sort) {
        if (sort == null || sort.isBlank() || sort.equals("outcome")) {
            return false;
        }
        if (sort.equals("deviation")) {
            return true;
        }
        throw ApiException.badRequest("sort: 'outcome' (the default) or 'deviation' (|delta| / tolerance, largest "
                + "first)");
    }
}
