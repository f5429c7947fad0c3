package io.pvstream.query.snapshots;

import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.http.RequestBodies;
import io.pvstream.records.restore.RestoreJobLookup;
import io.pvstream.query.ops.OpsEndpoints;
import io.pvstream.records.restore.KafkaRestoreService;
import io.pvstream.records.restore.RestoreLauncher;
import io.pvstream.records.snapshots.BufferedSnapshotService;
import io.pvstream.records.snapshots.JdbcSnapshots;
import io.pvstream.records.snapshots.PastValues;
import io.pvstream.records.snapshots.SavedValuesCache;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.streams.StoreNotReadyException;

/**
 * Wires the snapshot and restore routes to their services ({@link BufferedSnapshotService},
 * {@link KafkaRestoreService}), which share the operations buffer of {@link OpsEndpoints}; and serves this
 * instance's part of a live scan ({@code POST /api/v1/internal/snapshots/scan}).
 */
public final class SnapshotEndpoints {

    public static final String PATH = SnapshotRoutes.PATH;
    private static final String SCAN_REQUEST = "a scan request: {\"names\":[...]} or {\"pattern\":\"...\"}";

    private final OpsEndpoints ops;
    private final JdbcSnapshots database;
    private final LiveScan scan;
    private final RestoreLauncher launcher;
    private final SnapshotConfig.Settings settings;
    private final long maxBodyBytes;
    private final RestoreJobLookup jobs;
    private final PastValues past;
    private ObjectMapper mapper;

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
        this.maxBodyBytes = maxBodyBytes;
        this.jobs = jobs;
    }

    /** Registers the routes; call inside the router, after {@link OpsEndpoints#addRoutes}. */
    public void addRoutes(ObjectMapper jsonMapper) {
        this.mapper = jsonMapper;
        OpsEndpoints.Parts parts = ops.parts();
        SavedValuesCache saved = new SavedValuesCache(settings.cacheValues());
        BufferedSnapshotService snapshots = new BufferedSnapshotService(new BufferedSnapshotService.Parts(scan, past,
                ops.configurations(), new SnapshotReader(ops.overlay(), database, jsonMapper, saved), ops.overlay(),
                parts.publisher(), settings, parts.clock(), parts.ids(), jsonMapper));
        KafkaRestoreService restores = new KafkaRestoreService(new KafkaRestoreService.Parts(snapshots, jobs, launcher,
                settings.jobTimeout(), settings.verifyTimeout(), parts.clock(), parts.ids()));
        new SnapshotRoutes(snapshots, saved, settings, parts.clock(), maxBodyBytes, jsonMapper).addRoutes();
        new RestoreRoutes(restores, maxBodyBytes, jsonMapper).addRoutes();
        post(LiveScan.INTERNAL_PATH, this::internalScan);
    }

    /** {"names":[strings]} and/or {"pattern":string}; anything else (null, numbers for names) is a 400. */
    static LiveScan.Wanted wanted(JsonNode body) {
        JsonNode names = body.get("names");
        JsonNode pattern = body.get("pattern");
        boolean namesGiven = names != null && !names.isNull();
        boolean patternGiven = pattern != null && !pattern.isNull();
        Set<String> wantedNames = new HashSet<>();
        if (namesGiven) {
            if (!names.isArray()) {
                throw ApiException.badRequest(SCAN_REQUEST);
            }
            for (JsonNode name : names) {
                if (!name.isTextual()) {
                    throw ApiException.badRequest("names: strings only; " + SCAN_REQUEST);
                }
                wantedNames.add(name.asText());
            }
        }
        if (patternGiven && !pattern.isTextual() || !namesGiven && !patternGiven) {
            throw ApiException.badRequest(SCAN_REQUEST);
        }
        return new LiveScan.Wanted(namesGiven ? wantedNames : null, patternGiven ? pattern.asText() : null);
    }

    void internalScan(Context ctx) {
        LiveScan.Wanted wanted = wanted(RequestBodies.jsonObject(ctx, maxBodyBytes, mapper));
        try {
            ctx.json(scan.local(wanted));
        } catch (StoreNotReadyException e) {
            throw ApiException.unavailable("this instance cannot scan now: " + e.getMessage());
        }
    }
}
