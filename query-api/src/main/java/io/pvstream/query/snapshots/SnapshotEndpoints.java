package io.pvstream.query.snapshots;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.query.ApiException;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.query.ops.OpsEndpoints;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.query.ops.RequestBodies;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.TxPublisher;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;
import io.pvstream.query.jobs.RestoreJobLookup;
import io.pvstream.records.restore.RestoreLauncher;
import io.pvstream.records.restore.RestoreRetry;
import io.pvstream.records.restore.RestorePlanner;
import io.pvstream.query.security.Author;
import io.pvstream.query.security.Role;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.records.snapshots.Csv;
import io.pvstream.records.snapshots.JdbcSnapshots;
import io.pvstream.records.snapshots.PastValues;
import io.pvstream.records.snapshots.SavedState;
import io.pvstream.records.snapshots.Snapshot;
import io.pvstream.records.snapshots.SnapshotCompare;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.records.snapshots.SnapshotQuery;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.records.snapshots.SnapshotRequest;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;
import io.pvstream.records.snapshots.SnapshotWrites;

/**
 * Save, read, list, compare and restore snapshots.
 *
 * <pre>
 * POST /api/v1/snapshots                      201 + id at once; values persist through the operations buffer
 *                                             ("asOf": T saves the values the archive holds at T: source archive)
 * GET  /api/v1/snapshots?tag=&q=&from=&to=&limit=&cursor=        newest first
 * GET  /api/v1/snapshots/{id}?limit=&after=   header + a page of values; ?format=csv streams them all as CSV
 * GET  /api/v1/snapshots/{id}/compare?with=live|{otherId}&tolAbs=&tolRel=&limit=
 * POST /api/v1/snapshots/{id}/restore         {"pvs":[...]?, "dryRun":false} → 202 + job id
 * POST /api/v1/jobs/{id}/retry                a finished job's failed PVs again (next attempt) → 202
 * POST /api/v1/internal/snapshots/scan        one instance's part of a live scan
 * </pre>
 */
public final class SnapshotEndpoints {

    public static final String PATH = "/api/v1/snapshots";
    static final String RETRY_PATH = "/api/v1/jobs/{id}/retry";
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int DEFAULT_VALUES_LIMIT = 1_000;
    private static final int MAX_VALUES_LIMIT = 50_000;
    private static final int MAX_REPORTED_NOT_OK = 100;

    private final OpsEndpoints ops;
    private final JdbcSnapshots database;
    private final LiveScan scan;
    private final RestoreLauncher launcher;
    private final SnapshotConfig.Settings settings;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final long maxBodyBytes;
    private final RestoreJobLookup jobs;
    private final PastValues past;
    private ObjectMapper mapper;
    private SnapshotReader reader;
    private PendingOverlay overlay;

    /**
     * @param jobs restore jobs as they stand (for retries)
     */
    public SnapshotEndpoints(OpsEndpoints ops, JdbcSnapshots database, LiveScan scan, RestoreLauncher launcher,
                             RestoreJobLookup jobs, SnapshotConfig.Settings settings, long maxBodyBytes) {
        this(ops, database, scan, launcher, jobs, settings, maxBodyBytes, null);
    }

    /**
     * @param jobs restore jobs as they stand (for retries)
     * @param past where snapshots of the past ({@code asOf}) take their values; null: such requests get a 400
     */
    public SnapshotEndpoints(OpsEndpoints ops, JdbcSnapshots database, LiveScan scan, RestoreLauncher launcher,
                             RestoreJobLookup jobs, SnapshotConfig.Settings settings, long maxBodyBytes,
                             PastValues past) {
        this.past = past;
        this.ops = ops;
        this.database = database;
        this.scan = scan;
        this.launcher = launcher;
        this.settings = settings;
        this.clock = ops.parts().clock();
        this.ids = ops.parts().ids();
        this.maxBodyBytes = maxBodyBytes;
        this.jobs = jobs;
    }

    /** Registers the routes; call inside the router, after {@link OpsEndpoints#addRoutes}. */
    public void addRoutes(ObjectMapper jsonMapper) {
        this.mapper = jsonMapper;
        this.overlay = ops.overlay();
        this.reader = new SnapshotReader(overlay, database, jsonMapper);
        post(PATH, this::create, Role.OPERATOR);
        get(PATH, this::list);
        get(PATH + "/{id}", this::read);
        get(PATH + "/{id}/compare", this::compare);
        post(PATH + "/{id}/restore", this::restore, Role.RESTORER);
        post(RETRY_PATH, this::retry, Role.RESTORER);
        post(LiveScan.INTERNAL_PATH, this::internalScan);
    }

    void create(Context ctx) {
        SnapshotRequest request = SnapshotRequest.parse(RequestBodies.jsonObject(ctx, maxBodyBytes, mapper),
                settings.maxPvs(), clock.instant());
        TxDraft draft = draft(ctx);
        Taken taken = request.asOf() == null ? take(request) : takePast(request);
        List<SnapshotValue> values = taken.values();
        Snapshot header = new Snapshot(ids.get().toString(), draft.txId(), request.name(), request.comment(),
                request.tags(), draft.updatedAt(), draft.author(), request.asOf() == null ? "live" : "archive",
                request.asOf() == null ? null : request.asOf().toString(), request.configurationId(),
                request.selection(), values.size(), 0, null, taken.positions(), draft.updatedAt());
        List<Write> writes = SnapshotWrites.create(draft, header, values, settings.chunkBytes(),
                () -> ids.get().toString(), mapper);
        for (Write write : writes) {
            publish(write, header.id());
        }
        ObjectNode item = writes.get(writes.size() - 1).entity().deepCopy();
        item.put("state", "pending");
        ArrayNode notOk = item.putArray("notOk");
        values.stream().filter(value -> value.state() != SavedState.OK).limit(MAX_REPORTED_NOT_OK)
                .forEach(value -> notOk.addObject().put("name", value.pv()).put("state", value.state().json()));
        ctx.status(201).header("Location", PATH + "/" + header.id()).json(item);
    }

    /** The values read for a new snapshot, in name order, and the store positions they were read at. */
    private record Taken(List<SnapshotValue> values, Map<String, Long> positions) {
    }

    private Taken take(SnapshotRequest request) {
        LiveScan.Found found;
        List<SnapshotValue> values = new ArrayList<>();
        if (request.pattern() != null) {
            found = scan.scanCaughtUp(LiveScan.Wanted.pattern(request.pattern()));
            if (found.values().isEmpty()) {
                throw ApiException.badRequest("pattern " + request.pattern() + " matches no PV the platform knows");
            }
            if (found.values().size() > settings.maxPvs()) {
                throw ApiException.badRequest("pattern " + request.pattern() + " matches " + found.values().size()
                        + " PVs; at most " + settings.maxPvs() + " per snapshot");
            }
            values.addAll(found.values().values());
        } else if (request.configurationId() != null) {
            Configuration configuration = ops.configurations().get(request.configurationId());
            List<ConfigurationPv> pvs = configuration.pvs() == null ? List.of() : configuration.pvs();
            if (pvs.isEmpty()) {
                throw ApiException.badRequest("configuration " + request.configurationId() + " has no PVs");
            }
            found = scan.scanCaughtUp(LiveScan.Wanted.names(pvs.stream().map(ConfigurationPv::name).toList()));
            for (ConfigurationPv pv : pvs) {
                values.add(valueOf(pv.name(), found).withSettings(pv.toleranceAbs(), pv.toleranceRel(), pv.readOnly()));
            }
        } else {
            found = scan.scanCaughtUp(LiveScan.Wanted.names(request.pvs()));
            request.pvs().forEach(name -> values.add(valueOf(name, found)));
        }
        values.sort(java.util.Comparator.comparing(SnapshotValue::pv));
        return new Taken(values, found.positions());
    }

    /**
     * A snapshot of the past: the values the archive holds at {@code asOf}, for the named PVs or a configuration's
     * (with its tolerances). No store positions: the values do not come from the stores.
     */
    private Taken takePast(SnapshotRequest request) {
        if (past == null) {
            throw ApiException.badRequest("asOf: this instance has no archive to take the past from");
        }
        List<String> names;
        Map<String, ConfigurationPv> settingsOf = new HashMap<>();
        if (request.configurationId() != null) {
            Configuration configuration = ops.configurations().get(request.configurationId());
            List<ConfigurationPv> pvs = configuration.pvs() == null ? List.of() : configuration.pvs();
            if (pvs.isEmpty()) {
                throw ApiException.badRequest("configuration " + request.configurationId() + " has no PVs");
            }
            pvs.forEach(pv -> settingsOf.put(pv.name(), pv));
            names = pvs.stream().map(ConfigurationPv::name).toList();
        } else {
            names = request.pvs();
        }
        Map<String, SnapshotValue> found = past.at(request.asOf(), names);
        List<SnapshotValue> values = new ArrayList<>(names.size());
        for (String name : names) {
            SnapshotValue value = found.getOrDefault(name, SnapshotValues.of(name, null));
            ConfigurationPv pv = settingsOf.get(name);
            values.add(pv == null ? value : value.withSettings(pv.toleranceAbs(), pv.toleranceRel(), pv.readOnly()));
        }
        values.sort(java.util.Comparator.comparing(SnapshotValue::pv));
        return new Taken(values, Map.of());
    }

    private static SnapshotValue valueOf(String name, LiveScan.Found found) {
        SnapshotValue value = found.values().get(name);
        return value != null ? value : SnapshotValues.of(name, null);
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
        String q = blankToNull(ctx.queryParam("q"));
        SnapshotQuery query = new SnapshotQuery(blankToNull(ctx.queryParam("tag")), q, from, to,
                SnapshotQuery.Cursor.decode(ctx.queryParam("cursor")), limit, Set.of());
        SnapshotReader.Page page;
        try {
            page = reader.list(query);
        } catch (io.pvstream.records.db.DatabaseUnavailableException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        Map<String, Object> body = new HashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        ctx.json(body);
    }

    void read(Context ctx) {
        String id = id(ctx);
        SnapshotReader.Loaded loaded = reader.load(id);
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
        SnapshotReader.Loaded mine = reader.load(id);
        Map<String, SnapshotValue> other = new HashMap<>();
        if (with.equals("live")) {
            LiveScan.Found live = scan.scan(LiveScan.Wanted.names(mine.values().stream().map(SnapshotValue::pv)
                    .toList()));
            other.putAll(live.values());
        } else {
            if (!isUuid(with)) {
                throw ApiException.badRequest("with: 'live' or the id of another snapshot (a lower-case UUID)");
            }
            reader.load(with).values().forEach(value -> other.put(value.pv(), value));
        }
        SnapshotCompare.Result result = SnapshotCompare.compare(mine.values(), other, override);
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
            node.put("outcome", item.outcome().name().toLowerCase(java.util.Locale.ROOT));
            node.set("saved", SnapshotValues.view(item.saved()));
            node.set("other", item.other() == null ? null : SnapshotValues.view(item.other()));
            node.put("delta", item.delta());
        });
        body.put("truncated", result.items().size() > limit);
        ctx.json(body);
    }

    void restore(Context ctx) {
        String id = id(ctx);
        JsonNode body = ctx.req().getContentLengthLong() == 0 ? mapper.createObjectNode() // all PVs, for real
                : RequestBodies.jsonObject(ctx, maxBodyBytes, mapper);
        for (java.util.Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("pvs") && !field.equals("dryRun")) {
                throw ApiException.badRequest(field + ": unknown field (allowed: dryRun, pvs)");
            }
        }
        JsonNode dryRunNode = body.get("dryRun");
        if (dryRunNode != null && !dryRunNode.isNull() && !dryRunNode.isBoolean()) {
            throw ApiException.badRequest("dryRun: must be true or false");
        }
        boolean dryRun = dryRunNode != null && dryRunNode.asBoolean(false);
        SnapshotReader.Loaded loaded = reader.load(id);
        List<SnapshotValue> chosen = subset(loaded.values(), body.get("pvs"));
        List<String> named = body.get("pvs") == null || body.get("pvs").isNull() ? List.of()
                : chosen.stream().map(SnapshotValue::pv).toList();
        long now = nowNs();
        RestoreJob.Builder job = RestoreJob.newBuilder()
                .setJobId(ids.get().toString())
                .setSnapshotId(id)
                .setAttempt(1)
                .setDryRun(dryRun)
                .setPvs(named)
                .setRetried(List.of())
                .setAuthor(author(ctx))
                .setCreatedNs(now);
        launch(ctx, job, chosen, now);
    }

    /** {@code POST /api/v1/jobs/{id}/retry}: the next attempt of a finished job, for its failed PVs only. */
    void retry(Context ctx) {
        String jobId = id(ctx);
        JobView job = jobs.progress(jobId).orElseThrow(() -> ApiException.notFound("unknown job " + jobId));
        List<PvResultView> results = jobs.results(jobId);
        RestoreJob started = startedJob(job);
        List<SnapshotValue> covered = reader.load(job.snapshotId()).values();
        if (!started.getPvs().isEmpty()) {
            Set<String> named = new java.util.HashSet<>(started.getPvs());
            covered = covered.stream().filter(value -> named.contains(value.pv())).toList();
        }
        List<SnapshotValue> again = RestoreRetry.toRetry(job, covered, results);
        RestoreJob.Builder next = RestoreJob.newBuilder(started)
                .setAttempt(job.attempt() + 1)
                .setRetried(again.stream().map(SnapshotValue::pv).toList())
                .setAuthor(author(ctx) != null ? author(ctx) : started.getAuthor());
        launch(ctx, next, again, nowNs());
    }

    /** The job record as it was started, rebuilt from its view (the store keeps it; the view shows its fields). */
    private static RestoreJob startedJob(JobView job) {
        return RestoreJob.newBuilder()
                .setJobId(job.jobId())
                .setSnapshotId(job.snapshotId())
                .setAttempt(job.attempt())
                .setDryRun(job.dryRun())
                .setPvs(job.pvs() == null ? List.of() : job.pvs())
                .setTotal(job.total())
                .setRetried(List.of())
                .setAuthor(job.author())
                .setCreatedNs(job.createdNs())
                .setStartedNs(job.startedNs())
                .setDeadlineNs(job.deadlineNs())
                .build();
    }

    /** Plans {@code values}, completes the job record and launches it in one Kafka transaction; answers 202. */
    private void launch(Context ctx, RestoreJob.Builder builder, List<SnapshotValue> values, long now) {
        long deadline = now + settings.jobTimeout().toNanos();
        RestorePlanner.Plan plan = RestorePlanner.plan(values, new RestorePlanner.Parameters(builder.getJobId(),
                builder.getAttempt(), builder.getDryRun(), settings.verifyTimeout().toMillis(), deadline, now));
        if (builder.getAttempt() == 1) {
            builder.setTotal(plan.total());
        }
        RestoreJob job = builder.setStartedNs(now).setDeadlineNs(deadline).build();
        launcher.launch(job, plan);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("jobId", job.getJobId());
        answer.put("snapshotId", job.getSnapshotId());
        answer.put("attempt", job.getAttempt());
        answer.put("dryRun", job.getDryRun());
        answer.put("total", job.getTotal());
        answer.put("toWrite", plan.writes().size());
        answer.put("decided", plan.decided().size());
        answer.put("job", "/api/v1/jobs/" + job.getJobId());
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.getJobId()).json(answer);
    }

    void internalScan(Context ctx) {
        LiveScan.Wanted wanted;
        try {
            wanted = mapper.readValue(ctx.body(), LiveScan.Wanted.class);
        } catch (IOException e) {
            throw ApiException.badRequest("a scan request: {\"names\":[...]} or {\"pattern\":\"...\"}");
        }
        if (wanted.names() == null && wanted.pattern() == null) {
            throw ApiException.badRequest("a scan request: {\"names\":[...]} or {\"pattern\":\"...\"}");
        }
        try {
            ctx.json(scan.local(wanted));
        } catch (io.pvstream.streams.StoreNotReadyException e) {
            throw ApiException.unavailable("this instance cannot scan now: " + e.getMessage());
        }
    }

    /** The saved PVs named by a restore's {@code pvs}, or all; a name the snapshot lacks is a 400. */
    private static List<SnapshotValue> subset(List<SnapshotValue> values, JsonNode pvs) {
        if (pvs == null || pvs.isNull()) {
            return values;
        }
        if (!pvs.isArray() || pvs.isEmpty()) {
            throw ApiException.badRequest("pvs: a non-empty list of PV names of the snapshot, or leave it out for all");
        }
        Set<String> wanted = new LinkedHashSet<>();
        pvs.forEach(pv -> wanted.add(pv.asText()));
        Map<String, SnapshotValue> byName = values.stream()
                .collect(Collectors.toMap(SnapshotValue::pv, value -> value));
        List<String> unknown = wanted.stream().filter(name -> !byName.containsKey(name)).limit(10).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("pvs: not in the snapshot: " + String.join(", ", unknown));
        }
        return wanted.stream().map(byName::get).toList();
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
            throw new java.io.UncheckedIOException("client went away during a CSV export", e);
        }
    }

    private void publish(Write write, String snapshotId) {
        TxPublisher publisher = ops.parts().publisher();
        try {
            publisher.publish(write.tx());
        } catch (TxPublisher.PublishException e) {
            if (e.tooLarge()) {
                throw new ApiException(413, "content_too_large", "Kafka refuses a part of snapshot " + snapshotId
                        + " for its size (lower " + SnapshotConfig.CHUNK_BYTES + "): " + e.getMessage());
            }
            throw ApiException.unavailable("the write buffer (Kafka) did not confirm snapshot " + snapshotId + ": "
                    + e.getMessage() + ". It is not saved unless GET " + PATH + "/" + snapshotId + " finds it");
        }
        overlay.remember(write);
    }

    private TxDraft draft(Context ctx) {
        return new TxDraft(ids.get().toString(), nowNs(), author(ctx));
    }

    private long nowNs() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    /** See {@link Author}. */
    private static String author(Context ctx) {
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

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!isUuid(id)) {
            throw ApiException.badRequest("id: must be a snapshot id (a lower-case UUID), as the API returned it");
        }
        return id;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
