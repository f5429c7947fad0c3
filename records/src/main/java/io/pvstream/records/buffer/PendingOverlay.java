package io.pvstream.records.buffer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.streams.ops.PendingSummary;

/**
 * The versions not yet confirmed, from wherever they are: the pending store is partitioned by entity across
 * the instances, so one entity is asked of its owner and a listing or the summary of every instance (through
 * the internal endpoints of query-api's PendingController); writes this instance made a moment ago come from
 * {@link RecentBufferedWrites}. Any instance that cannot answer makes the read 503: a partial overlay would silently
 * show stale or missing entities.
 */
public final class PendingOverlay {

    public static final String ENTITY_PATH = "/api/v1/internal/ops/pending/";
    public static final String TYPE_PATH = "/api/v1/internal/ops/pending";
    public static final String SUMMARY_PATH = "/api/v1/internal/ops/summary";

    private static final TypeReference<List<PendingVersion>> VERSIONS = new TypeReference<>() {
    };

    /** The versions of one entity: those in the pending store, and this instance's recent ones the store lacks. */
    public record EntityVersions(List<PendingVersion> stored, List<PendingVersion> recent) {

        public List<PendingVersion> all() {
            List<PendingVersion> all = new ArrayList<>(stored);
            all.addAll(recent);
            return all;
        }
    }

    private final OpsPendingLookup lookup;
    private final PeerClient peers;
    private final ObjectMapper mapper;
    private final RecentBufferedWrites recent;

    public PendingOverlay(OpsPendingLookup lookup, PeerClient peers, ObjectMapper mapper, RecentBufferedWrites recent) {
        this.lookup = lookup;
        this.peers = peers;
        this.mapper = mapper;
        this.recent = recent;
    }

    /** Remembers a write Kafka has just acknowledged, until the pending store shows it. */
    public void remember(Write write) {
        recent.add(PendingVersion.buffered(write));
    }

    public EntityVersions forEntity(String entityId) {
        return forEntity(entityId, null);
    }

    /**
     * As {@link #forEntity(String)}, but only the versions whose type is in {@code entityTypes} (null: all) carry
     * their entity; the others carry their state alone (entity null). A snapshot's header and state need no more,
     * and the JSON of its 40,000 values, parsed, is most of a read's work.
     */
    public EntityVersions forEntity(String entityId, Set<String> entityTypes) {
        HostInfo owner = lookup.ownerOf(entityId).orElseThrow(() -> new Unavailable(
                "the instance holding the pending writes of " + entityId + " is not known now (starting or rebalancing)"));
        List<PendingVersion> stored = lookup.isLocal(owner) ? localForEntity(entityId, entityTypes)
                : fetch(owner, ENTITY_PATH + encode(entityId)
                        + (entityTypes == null ? "" : "?types=" + encode(String.join(",", entityTypes))));
        return new EntityVersions(stored, recent.forEntity(entityId, stored));
    }

    /** The latest version of every entity of {@code entityType} that has one, in list form (no PV lists). */
    public Map<String, PendingVersion> latestOfType(String entityType) {
        List<PendingVersion> stored = new ArrayList<>();
        Map<HostInfo, CompletableFuture<PeerResponse>> asked = new LinkedHashMap<>();
        String query = TYPE_PATH + "?type=" + encode(entityType) + "&listForm=true";
        for (HostInfo host : hosts()) {
            if (lookup.isLocal(host)) {
                stored.addAll(localOfType(entityType, true));
            } else {
                asked.put(host, peers.get(host, query));
            }
        }
        asked.forEach((host, answer) -> stored.addAll(read(host, answer, VERSIONS)));
        List<PendingVersion> all = new ArrayList<>(stored);
        recent.ofType(entityType, txIds(stored)).forEach(version -> all.add(listForm(version)));
        Map<String, PendingVersion> latest = new LinkedHashMap<>();
        for (PendingVersion version : all) {
            latest.merge(version.entityId(), version,
                    (a, b) -> StateMerge.BUFFER_ORDER.compare(a, b) >= 0 ? a : b);
        }
        return latest;
    }

    /** Counts over every instance's pending entries. */
    public PendingSummary summary() {
        PendingSummary total = PendingSummary.EMPTY;
        Map<HostInfo, CompletableFuture<PeerResponse>> asked = new LinkedHashMap<>();
        for (HostInfo host : hosts()) {
            if (lookup.isLocal(host)) {
                total = add(total, lookup.summary());
            } else {
                asked.put(host, peers.get(host, SUMMARY_PATH));
            }
        }
        for (Map.Entry<HostInfo, CompletableFuture<PeerResponse>> answer : asked.entrySet()) {
            total = add(total, read(answer.getKey(), answer.getValue(), new TypeReference<PendingSummary>() {
            }));
        }
        return total;
    }

    /** @param entityTypes the types whose versions carry their entity; null: all */
    public List<PendingVersion> localForEntity(String entityId, Set<String> entityTypes) {
        return lookup.pendingForEntity(entityId).stream()
                .map(entry -> PendingVersion.of(entry, mapper,
                        entityTypes == null || entityTypes.contains(entry.getTx().getEntityType())))
                .toList();
    }

    public List<PendingVersion> localOfType(String entityType, boolean listForm) {
        return lookup.pendingOfType(entityType).stream()
                .map(entry -> PendingVersion.of(entry, mapper))
                .map(version -> listForm ? listForm(version) : version)
                .toList();
    }

    public PendingSummary localSummary() {
        return lookup.summary();
    }

    /** Whether this instance owns {@code entityId} now (answers the internal endpoint only if so). */
    public boolean ownsLocally(String entityId) {
        Optional<HostInfo> owner = lookup.ownerOf(entityId);
        return owner.isPresent() && lookup.isLocal(owner.get());
    }

    /**
     * {@link PendingSummary#plus}, safe when neither side has an oldest entry (its nested conditional unboxes a
     * null {@code oldestBufferedNs} then: two empty summaries throw).
     */
    static PendingSummary add(PendingSummary a, PendingSummary b) {
        Long oldest = a.oldestBufferedNs() == null ? b.oldestBufferedNs()
                : b.oldestBufferedNs() == null ? a.oldestBufferedNs()
                : Long.valueOf(Math.min(a.oldestBufferedNs(), b.oldestBufferedNs()));
        return new PendingSummary(a.count() + b.count(), a.pendingCount() + b.pendingCount(),
                a.committedCount() + b.committedCount(), a.overdueCount() + b.overdueCount(), oldest);
    }

    /** Lists show no PV lists: a configuration may hold 100 000 PVs. */
    static PendingVersion listForm(PendingVersion version) {
        if (!(version.entity() instanceof ObjectNode entity) || !entity.has("pvs")) {
            return version;
        }
        ObjectNode copy = entity.deepCopy();
        copy.remove("pvs");
        return version.withEntity(copy);
    }

    private Collection<HostInfo> hosts() {
        Collection<HostInfo> hosts = lookup.allHosts();
        if (hosts.isEmpty()) {
            throw new Unavailable("no instance holds the pending store yet (starting or rebalancing)");
        }
        return hosts;
    }

    private <T> T read(HostInfo host, CompletableFuture<PeerResponse> answer, TypeReference<T> type) {
        String peer = host.host() + ":" + host.port();
        PeerResponse response;
        try {
            response = answer.get();
        } catch (ExecutionException e) {
            throw new Unavailable("instance " + peer + " did not answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + peer);
        }
        if (response.status() != 200) {
            throw new Unavailable("instance " + peer + " answered " + response.status() + ": "
                    + response.body());
        }
        try {
            JsonNode body = mapper.readTree(response.body());
            return mapper.convertValue(body.has("items") ? body.get("items") : body, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new Unavailable("instance " + peer + " answered malformed JSON");
        }
    }

    private List<PendingVersion> fetch(HostInfo owner, String path) {
        return read(owner, peers.get(owner, path), VERSIONS);
    }

    private static List<String> txIds(List<PendingVersion> versions) {
        return versions.stream().map(PendingVersion::txId).toList();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
