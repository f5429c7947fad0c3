package io.pvstream.query.snapshots;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.http.ApiException;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.query.ws.GlobPattern;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.PvStateLookup.LocalScan;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.lag.StoreCatchUp;
import io.pvstream.records.snapshots.LiveValues;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

/**
 * Reads the current state of a set of PVs from the latest-value stores of every instance: one scan per instance
 * over its own partitions (this one directly, the others through {@link #INTERNAL_PATH}), all at once. Fails with
 * 503 rather than return a partial answer: if an instance does not answer, or the partitions scanned do not add
 * up to the whole store (a rebalance), PVs would silently look never seen.
 */
public final class LiveScan implements LiveValues {

    public static final String INTERNAL_PATH = "/api/v1/internal/snapshots/scan";

    /** The JSON of one instance's part, over {@link #INTERNAL_PATH}. */
    public record Part(List<SnapshotValue> values, Set<Integer> partitions, Map<String, Long> positions) {
    }

    private final PvStateLookup lookup;
    private final PeerClient peers;
    private final ObjectMapper mapper;
    private final int partitionCount;
    private final Duration timeout;
    private final StoreCatchUp catchUp;
    private final Duration catchUpTimeout;

    /**
     * @param partitionCount partitions of the PV store (topic.partitions); 0 = do not check coverage
     * @param timeout        how long an instance's scan may take
     */
    public LiveScan(PvStateLookup lookup, PeerClient peers, ObjectMapper mapper, int partitionCount, Duration timeout) {
        this(lookup, peers, mapper, partitionCount, timeout, null, Duration.ZERO);
    }

    /**
     * @param catchUp        how {@link #scanCaughtUp} waits for the stores; null: it does not wait
     * @param catchUpTimeout how long it waits at most
     */
    public LiveScan(PvStateLookup lookup, PeerClient peers, ObjectMapper mapper, int partitionCount, Duration timeout,
                    StoreCatchUp catchUp, Duration catchUpTimeout) {
        this.lookup = lookup;
        this.peers = peers;
        this.mapper = mapper;
        this.partitionCount = partitionCount;
        this.timeout = timeout;
        this.catchUp = catchUp;
        this.catchUpTimeout = catchUpTimeout;
    }

    /**
     * As {@link #scan}, but first waits until the stores of every instance have applied every update that was in
     * Kafka when it was called (what a snapshot save needs: a PV connected before the request is never read as
     * "never seen" from a store that has not caught up). 503, saying how far behind, if they do not in time.
     */
    @Override
    public Found scanCaughtUp(Wanted wanted) {
        if (catchUp != null) {
            StoreCatchUp.Result result;
            try {
                result = catchUp.await(catchUpTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted while waiting for the latest-value stores to catch up");
            } catch (RuntimeException e) {
                throw ApiException.unavailable("cannot tell how far the latest-value stores have got: " + e.getMessage());
            }
            if (!result.caughtUp()) {
                throw ApiException.unavailable("the latest-value stores are " + result.recordsBehind()
                        + " updates behind the end offsets as of the request (" + result.behind() + ") after waiting "
                        + result.waitedMs() + " ms (snapshot.catchup.timeout.ms); nothing saved, try again later");
            }
        }
        return scan(wanted);
    }

    @Override
    public Found scan(Wanted wanted) {
        Collection<HostInfo> hosts = hosts();
        String body = json(wanted);
        Map<HostInfo, CompletableFuture<PeerResponse>> asked = new LinkedHashMap<>();
        for (HostInfo host : hosts) {
            if (!lookup.isLocal(host)) {
                asked.put(host, peers.post(host, INTERNAL_PATH, body, timeout));
            }
        }
        List<Part> parts = new ArrayList<>();
        if (hosts.stream().anyMatch(lookup::isLocal)) {
            parts.add(local(wanted));
        }
        asked.forEach((host, answer) -> parts.add(read(host, answer)));
        return merge(parts);
    }

    /** This instance's part (also the answer of the internal endpoint). */
    public Part local(Wanted wanted) {
        LocalScan scan = lookup.scanLocalMatching(predicate(wanted));
        List<SnapshotValue> values = scan.states().stream()
                .map(state -> SnapshotValues.of(state.getName(), state))
                .toList();
        return new Part(values, scan.partitions(), scan.positions());
    }

    private static Predicate<String> predicate(Wanted wanted) {
        if (wanted.pattern() != null) {
            GlobPattern glob = GlobPattern.compile(wanted.pattern());
            return glob::matches;
        }
        return wanted.names()::contains; // an immutable set (Set.copyOf): hashed already
    }

    private Found merge(List<Part> parts) {
        // a hash map: 40,000 names go in, and every caller looks names up or sorts its own list
        Map<String, SnapshotValue> values = new HashMap<>(Math.max(16, parts.stream()
                .mapToInt(part -> part.values().size()).sum() * 4 / 3 + 1));
        Map<String, Long> positions = new TreeMap<>();
        Set<Integer> partitions = new HashSet<>();
        for (Part part : parts) {
            part.values().forEach(value -> values.put(value.pv(), value));
            positions.putAll(part.positions());
            partitions.addAll(part.partitions());
        }
        if (partitionCount > 0 && partitions.size() < partitionCount) {
            throw ApiException.unavailable("only " + partitions.size() + " of the " + partitionCount
                    + " partitions of the latest-value store are being served now (rebalancing); try again");
        }
        return new Found(values, positions);
    }

    private Collection<HostInfo> hosts() {
        Collection<HostInfo> hosts;
        try {
            hosts = lookup.allHosts();
        } catch (StoreNotReadyException e) {
            throw ApiException.unavailable("the latest-value store cannot be read now: " + e.getMessage());
        }
        if (hosts.isEmpty()) {
            throw ApiException.unavailable("no instance serves the latest-value store yet (starting or rebalancing)");
        }
        return hosts;
    }

    private Part read(HostInfo host, CompletableFuture<PeerResponse> answer) {
        String peer = host.host() + ":" + host.port();
        PeerResponse response;
        try {
            response = answer.get();
        } catch (ExecutionException e) {
            throw ApiException.unavailable("instance " + peer + " did not answer the scan: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + peer);
        }
        if (response.status() != 200) {
            throw ApiException.unavailable("instance " + peer + " answered the scan with " + response.status());
        }
        try {
            return mapper.readValue(response.body(), Part.class);
        } catch (IOException e) {
            throw ApiException.unavailable("instance " + peer + " answered the scan with malformed JSON");
        }
    }

    private String json(Wanted wanted) {
        try {
            return mapper.writeValueAsString(wanted);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
