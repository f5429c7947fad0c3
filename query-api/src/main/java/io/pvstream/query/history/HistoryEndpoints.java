package io.pvstream.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.IsoTime;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.query.http.RequestBodies;
import io.pvstream.query.security.Role;
import io.pvstream.records.snapshots.SnapshotRequest;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;
import io.pvstream.records.history.ArchivedValue;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.history.HistoryOutput;
import io.pvstream.records.history.HistoryQuery;
import io.pvstream.records.history.HistoryService;

/**
 * PV history from the archive table.
 *
 * <pre>
 * GET  /api/v1/pvs/{name}/history?from=&amp;to=&amp;bin=&amp;stat=&amp;format=   raw samples, or bins with statistics; JSON or CSV
 * POST /api/v1/history/at   {"pvs":[...],"at":"2026-11-23T03:12:00Z"}    each PV's state at that time
 * </pre>
 * Raw answers stream from the database cursor; a range holding more than {@code history.max.samples} samples is
 * refused with 400 before anything is sent (counted on the index, no further than the cap). Bins are computed by
 * PostgreSQL; more than {@code history.max.bins} is a 400. A PV the archive holds no sample of is a 404. The
 * database being unreachable is a 503.
 */
public final class HistoryEndpoints {

    public static final String HISTORY_PATH = "/api/v1/pvs/{name}/history";
    public static final String AT_PATH = "/api/v1/history/at";

    private static final Logger log = LoggerFactory.getLogger(HistoryEndpoints.class);

    private final HistoryService archive;
    private final HistoryConfig.Settings settings;
    private final Clock clock;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    public HistoryEndpoints(HistoryService archive, HistoryConfig.Settings settings, Clock clock, long maxBodyBytes,
                            ObjectMapper mapper) {
        this.archive = archive;
        this.settings = settings;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = mapper;
    }

    public void addRoutes(Javalin app) {
        app.get(HISTORY_PATH, this::history, Role.READER);
        app.post(AT_PATH, this::valuesAt, Role.READER); // a query with a body: a read
    }

    void history(Context ctx) {
        String pv = ctx.pathParam("name");
        if (!SnapshotRequest.validPvName(pv)) {
            throw ApiException.badRequest("name: a PV name of 1 to 256 characters without whitespace or control "
                    + "characters");
        }
        HistoryQuery query = HistoryQuery.parse(pv, ctx::queryParam, acceptsOnlyCsv(ctx), clock.instant(),
                settings.maxBins());
        if (!database(() -> archive.hasSamples(pv))) {
            throw ApiException.notFound("the archive holds no sample of " + pv + " (unknown PV, never archived, or "
                    + "older than archive.retention.days)");
        }
        if (!query.binned()) {
            long count = database(() -> archive.countUpTo(pv, query.from(), query.to(), settings.maxSamples() + 1L));
            if (count > settings.maxSamples()) {
                throw ApiException.badRequest("[" + query.from() + ", " + query.to() + ") holds more than "
                        + settings.maxSamples() + " samples of " + pv + " (history.max.samples): ask for bins "
                        + "(bin=1m) or a shorter range");
            }
        }
        ctx.contentType(HistoryOutput.contentType(query.csv()));
        if (query.csv()) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + HistoryOutput.fileName(query) + "\"");
        }
        try (HistoryOutput out = query.csv() ? HistoryOutput.csv(ctx.outputStream(), query)
                : HistoryOutput.json(ctx.outputStream(), mapper, query)) {
            long count = database(() -> query.binned()
                    ? archive.bins(pv, query.from(), query.to(), query.bin(), out::bin)
                    : archive.samples(pv, query.from(), query.to(), out::sample));
            out.finish(count);
        } catch (IOException | UncheckedIOException e) {
            log.debug("history answer of {} not finished: {}", pv, e.toString()); // the client went away
        }
    }

    void valuesAt(Context ctx) {
        JsonNode body = RequestBodies.jsonObject(ctx, maxBodyBytes, mapper);
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("pvs") && !field.equals("at")) {
                throw ApiException.badRequest(field + ": unknown field (allowed: at, pvs)");
            }
        }
        Instant at = at(body.get("at"));
        List<String> pvs = pvs(body.get("pvs"));
        List<ArchivedValue> values = database(() -> archive.valuesAt(at, pvs));
        ObjectNode answer = mapper.createObjectNode();
        answer.put("at", at.toString());
        ArrayNode items = answer.putArray("items");
        values.forEach(value -> items.add(view(value)));
        ctx.json(answer);
    }

    /** A PV at T: name, state (ok, disconnected, never_seen), value, its time, alarm, and when the last sample was. */
    static ObjectNode view(ArchivedValue archived) {
        SnapshotValue value = archived.value();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", value.pv());
        node.put("state", value.state().json());
        node.set("value", SnapshotValues.apiValue(value));
        node.put("kind", value.kind());
        node.put("timestamp", value.timestampNs() == null ? null : IsoTime.format(value.timestampNs()));
        node.put("timestampNs", value.timestampNs());
        node.put("severity", value.severity());
        node.put("status", value.status());
        node.put("sampleTime", archived.sampleNs() == null ? null : IsoTime.format(archived.sampleNs()));
        return node;
    }

    private Instant at(JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual()) {
            throw ApiException.badRequest("at: required, an ISO-8601 time such as 2026-11-23T03:12:00Z");
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("at: an ISO-8601 UTC time such as 2026-11-23T03:12:00Z");
        }
    }

    private List<String> pvs(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("pvs: required, a non-empty list of PV names");
        }
        if (node.size() > settings.maxPvs()) {
            throw ApiException.badRequest("pvs: at most " + settings.maxPvs() + " PVs (history.max.pvs), got "
                    + node.size());
        }
        Set<String> names = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (JsonNode pv : node) {
            if (pv.isTextual() && SnapshotRequest.validPvName(pv.textValue())) {
                names.add(pv.textValue());
            } else if (bad.size() < 5) {
                bad.add(pv.toString().length() > 40 ? pv.toString().substring(0, 37) + "..." : pv.toString());
            }
        }
        if (!bad.isEmpty()) {
            throw ApiException.badRequest("pvs: PV names of 1 to 256 characters without whitespace or control "
                    + "characters (got " + String.join(", ", bad) + ")");
        }
        return List.copyOf(names);
    }

    private static <T> T database(Supplier<T> read) {
        try {
            return read.get();
        } catch (DatabaseUnavailableException e) {
            throw ApiException.unavailable(e.getMessage());
        }
    }

    private static boolean acceptsOnlyCsv(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/csv") && !accept.contains("json");
    }
}
