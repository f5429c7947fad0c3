package io.pvstream.query.pv;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.pvstream.query.http.ListParams;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.records.Page;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.cluster.PeerCalls;

/**
 * {@code GET /api/v1/pvs?prefix=&after=&limit=}: a page of PVs in name order across all instances. Each
 * instance holds some partitions, so every one is asked for its first {@code limit + 1} matches
 * ({@code GET /api/v1/internal/pvs/local}) and the answers are merged. PVs of the desired set not seen yet are
 * listed too, as "never connected" ({@link LocalPvViews}).
 */
public final class PvListController {

    public static final String PATH = "/api/v1/pvs";
    public static final String LOCAL_PATH = "/api/v1/internal/pvs/local";
    static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final PvStateLookup lookup;
    private final PeerClient peers;
    private final ObjectMapper mapper;

    public PvListController(PvStateLookup lookup, PeerClient peers, ObjectMapper mapper) {
        this.lookup = lookup;
        this.peers = peers;
        this.mapper = mapper;
    }

    public void listPvs(Context ctx) {
        int limit = ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        String prefix = ListParams.prefix(ctx);
        String after = ListParams.after(ctx);
        if (lookup.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("cannot list PVs while streams is " + lookup.state());
        }
        Map<HostInfo, CompletableFuture<PeerResponse>> remote = new LinkedHashMap<>();
        String localQuery = localPath(prefix, after, limit + 1);
        for (HostInfo host : lookup.allHosts()) {
            if (!lookup.isLocal(host)) {
                remote.put(host, peers.get(host, localQuery));
            }
        }
        List<List<JsonNode>> pages = new ArrayList<>();
        pages.add(localItems(prefix, after, limit + 1));
        // A partial page would silently skip that instance's PVs: PeerCalls makes the whole listing 503 (retry).
        remote.forEach((host, answer) -> pages.add(PeerCalls.items(host, answer, mapper)));
        ctx.json(Page.merge(pages, item -> item.path("name").asText(), limit));
    }

    /** The internal endpoint: this instance's first matches; {@code limit} may be one more than the public max. */
    public void listLocalPvs(Context ctx) {
        int limit = ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT + 1);
        ctx.json(Map.of("items", localItems(ListParams.prefix(ctx), ListParams.after(ctx), limit)));
    }

    private List<JsonNode> localItems(String prefix, String after, int limit) {
        return LocalPvViews.page(lookup, prefix, after, limit).stream()
                .map(view -> (JsonNode) mapper.valueToTree(view))
                .toList();
    }

    private static String localPath(String prefix, String after, int limit) {
        StringBuilder path = new StringBuilder(LOCAL_PATH).append("?limit=").append(limit)
                .append("&prefix=").append(encode(prefix));
        if (after != null) {
            path.append("&after=").append(encode(after));
        }
        return path.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
