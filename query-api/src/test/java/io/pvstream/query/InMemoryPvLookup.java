package io.pvstream.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StoreNotReadyException;

/** An instance's stores in memory: PVs it owns, owners of the others, and a settable Streams state. */
final class InMemoryPvLookup implements PvStateLookup {

    private final TreeMap<String, PvState> local = new TreeMap<>();
    /** This instance's part of the desired set (pv.config). */
    private final java.util.TreeSet<String> desired = new java.util.TreeSet<>();
    private final Map<String, HostInfo> remoteOwners = new HashMap<>();
    /** Standby copies held here of PVs another instance owns. */
    private final Map<String, PvState> standby = new HashMap<>();
    private final Set<HostInfo> otherHosts = new LinkedHashSet<>();
    private final List<IngestHeartbeat> heartbeats = new ArrayList<>();
    private volatile HostInfo self;
    private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private volatile boolean storeReady = true;
    private volatile RuntimeException failure;

    InMemoryPvLookup(HostInfo self) {
        this.self = self;
    }

    InMemoryPvLookup put(PvState... states) {
        for (PvState pv : states) {
            local.put(pv.getName(), pv);
        }
        return this;
    }

    /** These names are in the desired set (pv.config) of this instance's partitions. */
    InMemoryPvLookup desire(String... names) {
        desired.addAll(List.of(names));
        return this;
    }

    /** {@code pv} lives on {@code owner}: this instance forwards requests for it. */
    InMemoryPvLookup ownedBy(String pv, HostInfo owner) {
        remoteOwners.put(pv, owner);
        otherHosts.add(owner);
        return this;
    }

    /** A standby copy of {@code state}, whose partition another instance owns, is held here. */
    InMemoryPvLookup standbyCopy(PvState state) {
        standby.put(state.getName(), state);
        return this;
    }

    @Override
    public Optional<PvState> getFromStandby(String pv) {
        return Optional.ofNullable(standby.get(pv));
    }

    InMemoryPvLookup withPeer(HostInfo peer) {
        otherHosts.add(peer);
        return this;
    }

    InMemoryPvLookup withHeartbeat(IngestHeartbeat heartbeat) {
        heartbeats.add(heartbeat);
        return this;
    }

    void setSelf(HostInfo self) {
        this.self = self;
    }

    void setState(KafkaStreams.State state) {
        this.state = state;
    }

    /** Every store read throws {@code failure}: a bug, as far as the HTTP layer knows. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** false: every store read throws, as during a rebalance. */
    void setStoreReady(boolean ready) {
        this.storeReady = ready;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        if (state != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        return Optional.of(remoteOwners.getOrDefault(pv, self));
    }

    @Override
    public Optional<PvState> getLocal(String pv) {
        requireReady();
        return Optional.ofNullable(local.get(pv));
    }

    @Override
    public List<PvState> scanLocal(String prefix, String after, int limit) {
        requireReady();
        String from = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        return local.tailMap(from, after == null || !from.equals(after)).values().stream()
                .takeWhile(pv -> pv.getName().startsWith(prefix))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean isDesiredLocal(String pv) {
        requireReady();
        return desired.contains(pv);
    }

    @Override
    public List<String> desiredLocal(String prefix, String after, int limit) {
        requireReady();
        String from = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        return desired.tailSet(from, after == null || !from.equals(after)).stream()
                .takeWhile(name -> name.startsWith(prefix))
                .limit(limit)
                .toList();
    }

    @Override
    public Collection<HostInfo> allHosts() {
        List<HostInfo> hosts = new ArrayList<>(otherHosts);
        hosts.add(self);
        return hosts;
    }

    @Override
    public List<IngestHeartbeat> heartbeats() {
        requireReady();
        return List.copyOf(heartbeats);
    }

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    private void requireReady() {
        if (failure != null) {
            throw failure;
        }
        if (!storeReady) {
            throw new StoreNotReadyException("rebalancing (test)");
        }
    }
}
