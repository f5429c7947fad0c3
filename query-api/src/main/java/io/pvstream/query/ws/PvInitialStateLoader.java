package io.pvstream.query.ws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.query.ws.GlobPattern;
import io.pvstream.query.ws.InitialStateLoader;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.records.Page;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.pv.LocalPvViews;
import io.pvstream.query.pv.PvController;
import io.pvstream.query.pv.PvListController;

/**
 * Initial state for WebSocket subscriptions, through the same routes as the REST API: a name from the local
 * store or from its owner ({@code GET /api/v1/pvs/{name}}); a pattern by paging over the pattern's literal
 * prefix on every instance ({@code /api/v1/internal/pvs/local}, merged in name order), keeping the matches.
 */
public final class PvInitialStateLoader implements InitialStateLoader {

    /** Names asked of one owner at once: bounds the connections a big subscribe opens. */
    private static final int REMOTE_BATCH = 64;
    /** Most PVs one pattern may scan: a pattern with a short prefix and a rare match must not read everything. */
    static final int SCAN_BUDGET = 100_000;
    private static final int PAGE = PvListController.MAX_LIMIT;

    private final PvStateLookup lookup;
    private final PeerClient peers;
    private final ObjectMapper mapper;

    public PvInitialStateLoader(PvStateLookup lookup, PeerClient peers, ObjectMapper mapper) {
        this.lookup = lookup;
        this.peers = peers;
        this.mapper = mapper;
    }

    @Override
    public InitialState load(List<String> pvs, List<GlobPattern> patterns, int cap) {
        Map<String, JsonNode> byName = loadNames(pvs);
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : pvs) { // in the order the client asked for them
            JsonNode pv = byName.get(name);
            if (pv != null) {
                found.put(name, pv);
            } else {
                unknown.add(name);
            }
        }
        boolean truncated = false;
        for (GlobPattern pattern : patterns) {
            truncated |= loadMatches(pattern, found, cap);
        }
        return new InitialState(List.copyOf(found.values()), List.copyOf(unknown), truncated);
    }

    /** The views of the names some instance knows. */
    private Map<String, JsonNode> loadNames(List<String> pvs) {
        Map<String, JsonNode> found = new HashMap<>();
        Map<HostInfo, List<String>> remote = new LinkedHashMap<>();
        for (String name : pvs) {
            HostInfo owner = lookup.ownerOf(name)
                    .orElseThrow(() -> new StoreNotReadyException("the owner of " + name + " is not known now"));
            if (lookup.isLocal(owner)) {
                LocalPvViews.one(lookup, name).ifPresent(view -> found.put(name, mapper.valueToTree(view)));
            } else {
                remote.computeIfAbsent(owner, host -> new ArrayList<>()).add(name);
            }
        }
        remote.forEach((owner, names) -> {
            for (int from = 0; from < names.size(); from += REMOTE_BATCH) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + REMOTE_BATCH));
                List<CompletableFuture<PeerResponse>> answers = batch.stream()
                        .map(name -> peers.get(owner, PvController.pathOf(name))).toList();
                for (int i = 0; i < batch.size(); i++) {
                    PeerResponse response = await(owner, answers.get(i));
                    if (response.status() == 200) {
                        found.put(batch.get(i), parse(owner, response.body()));
                    } else if (response.status() != 404) {
                        throw new StoreNotReadyException("instance " + PeerCalls.address(owner) + " answered "
                                + response.status() + " for " + batch.get(i));
                    }
                }
            }
        });
        return found;
    }

    /** Adds the pattern's matches; true if there were more than {@code cap} PVs in all or the scan budget ran out. */
    private boolean loadMatches(GlobPattern pattern, Map<String, JsonNode> found, int cap) {
        String after = null;
        int scanned = 0;
        do {
            Page<JsonNode> page = page(pattern.literalPrefix(), after);
            for (JsonNode pv : page.items()) {
                String name = pv.path("name").asText();
                if (pattern.matches(name) && !found.containsKey(name)) {
                    if (found.size() >= cap) {
                        return true;
                    }
                    found.put(name, pv);
                }
            }
            scanned += page.items().size();
            after = page.next();
        } while (after != null && scanned < SCAN_BUDGET);
        return after != null;
    }

    /** One page of PVs in name order across all instances, as {@code GET /api/v1/pvs} builds it. */
    private Page<JsonNode> page(String prefix, String after) {
        if (lookup.state() != KafkaStreams.State.RUNNING) {
            throw new StoreNotReadyException("cannot list PVs while streams is " + lookup.state());
        }
        String localQuery = PvListController.LOCAL_PATH + "?limit=" + (PAGE + 1) + "&prefix=" + encode(prefix)
                + (after == null ? "" : "&after=" + encode(after));
        Map<HostInfo, CompletableFuture<PeerResponse>> remote = new LinkedHashMap<>();
        for (HostInfo host : lookup.allHosts()) {
            if (!lookup.isLocal(host)) {
                remote.put(host, peers.get(host, localQuery));
            }
        }
        List<List<JsonNode>> pages = new ArrayList<>();
        pages.add(LocalPvViews.page(lookup, prefix, after, PAGE + 1).stream()
                .map(view -> (JsonNode) mapper.valueToTree(view)).toList());
        remote.forEach((host, answer) -> pages.add(itemsOf(host, await(host, answer))));
        return Page.merge(pages, item -> item.path("name").asText(), PAGE);
    }

    private List<JsonNode> itemsOf(HostInfo host, PeerResponse response) {
        if (response.status() != 200) {
            throw new StoreNotReadyException("instance " + PeerCalls.address(host) + " answered "
                    + response.status() + " to a listing");
        }
        List<JsonNode> items = new ArrayList<>();
        parse(host, response.body()).path("items").forEach(items::add);
        return items;
    }

    private static PeerResponse await(HostInfo host, CompletableFuture<PeerResponse> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw new StoreNotReadyException("instance " + PeerCalls.address(host) + " did not answer: "
                    + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreNotReadyException("interrupted while asking " + PeerCalls.address(host), e);
        }
    }

    private JsonNode parse(HostInfo host, String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new StoreNotReadyException("instance " + PeerCalls.address(host) + " answered malformed JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
