package io.pvstream.query.ingest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.health.HealthReport.IngestInstance;
import io.pvstream.query.health.HealthService;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.query.pv.PvView;
import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.streams.PvStateLookup;

/**
 * What the platform knows of its ingest:
 * <ul>
 * <li>{@code GET /api/v1/health/ingest}: every instance of the heartbeats, alive or dead (after
 * {@code ingest.heartbeat.missed} periods without one), its counts and rates, and who-is-where: the live instances
 * holding each pv.config partition, and the partitions nobody holds;</li>
 * <li>{@code GET /api/v1/health/stale?limit=}: the PVs the stale watchdog flags now, from every instance.</li>
 * </ul>
 */
public final class IngestHealthEndpoints {

    public static final String INGEST_PATH = "/api/v1/health/ingest";
    public static final String STALE_PATH = "/api/v1/health/stale";
    public static final String STALE_LOCAL_PATH = "/api/v1/internal/health/stale/local";
    static final int DEFAULT_STALE_LIMIT = 1_000;
    static final int MAX_STALE_LIMIT = 10_000;

    private final HealthService health;
    private final PvStateLookup lookup;
    private final PeerClient peers;
    private final int partitionCount;
    private final Duration staleThreshold;
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * @param partitionCount pv.config's partition count
     * @param staleThreshold the watchdog's threshold, shown with the stale list
     */
    public IngestHealthEndpoints(HealthService health, PvStateLookup lookup, PeerClient peers, int partitionCount,
                                 Duration staleThreshold) {
        this.health = health;
        this.lookup = lookup;
        this.peers = peers;
        this.partitionCount = partitionCount;
        this.staleThreshold = staleThreshold;
    }

    public void addRoutes(Javalin app) {
        app.get(INGEST_PATH, this::ingest);
        app.get(STALE_PATH, this::stale);
        app.get(STALE_LOCAL_PATH, this::staleLocal);
    }

    void ingest(Context ctx) {
        List<IngestInstance> instances = health.ingestInstances();
        IngestPlacement placement = IngestPlacement.of(instances, partitionCount);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alive", instances.stream().filter(IngestInstance::alive).count());
        body.put("dead", instances.stream().filter(i -> !i.alive()).count());
        body.put("pvCount", instances.stream().filter(IngestInstance::alive).mapToInt(IngestInstance::pvCount).sum());
        body.put("connectedCount", instances.stream().filter(IngestInstance::alive)
                .mapToInt(IngestInstance::connectedCount).sum());
        body.put("updatesPerSecond", instances.stream().filter(IngestInstance::alive)
                .mapToDouble(IngestInstance::updatesPerSecond).sum());
        body.put("partitionCount", partitionCount);
        body.put("unowned", placement.unowned());
        body.put("partitions", placement.partitions());
        body.put("instances", instances);
        ctx.json(body);
    }

    void stale(Context ctx) {
        int limit = limit(ctx, MAX_STALE_LIMIT);
        if (lookup.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("cannot list stale PVs while streams is " + lookup.state());
        }
        String query = STALE_LOCAL_PATH + "?limit=" + URLEncoder.encode(Integer.toString(limit + 1),
                StandardCharsets.UTF_8);
        Map<HostInfo, CompletableFuture<PeerResponse>> remote = new LinkedHashMap<>();
        for (HostInfo host : lookup.allHosts()) {
            if (!lookup.isLocal(host)) {
                remote.put(host, peers.get(host, query));
            }
        }
        List<JsonNode> all = new ArrayList<>(localItems(limit + 1));
        remote.forEach((host, answer) -> all.addAll(PeerCalls.items(host, answer, mapper)));
        all.sort(java.util.Comparator.comparing(item -> item.path("name").asText()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("thresholdMs", staleThreshold.toMillis());
        body.put("count", Math.min(all.size(), limit));
        body.put("truncated", all.size() > limit);
        body.put("items", all.subList(0, Math.min(all.size(), limit)));
        ctx.json(body);
    }

    /** Internal: the stale PVs of this instance's partitions. */
    void staleLocal(Context ctx) {
        ctx.json(Map.of("items", localItems(limit(ctx, MAX_STALE_LIMIT + 1))));
    }

    private List<JsonNode> localItems(int limit) {
        return lookup.staleLocal(limit).stream().map(state -> (JsonNode) mapper.valueToTree(PvView.of(state)))
                .toList();
    }

    private static int limit(Context ctx, int max) {
        return ctx.queryParamAsClass("limit", Integer.class)
                .check(limit -> limit >= 1 && limit <= max, "must be between 1 and " + max)
                .getOrDefault(DEFAULT_STALE_LIMIT);
    }
}
