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
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.query.pvconfig.PvConfigWriter;
import io.pvstream.query.pvconfig.PvSpec;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.pvconfig.PvConfigLookup;

/**
 * This instance's part of the pv-config store, and a writer that lands in it at once (as Streams would, a moment
 * later): what the PV-management endpoints need, in memory.
 */
final class InMemoryPvConfigs implements PvConfigLookup, PvConfigWriter {

    final TreeMap<String, PvConfig> local = new TreeMap<>();
    final AtomicInteger recordsWritten = new AtomicInteger();
    private final Map<String, HostInfo> remoteOwners = new HashMap<>();
    private final Set<HostInfo> otherHosts = new LinkedHashSet<>();
    private final HostInfo self;
    volatile boolean kafkaDown;

    InMemoryPvConfigs(HostInfo self) {
        this.self = self;
    }

    InMemoryPvConfigs ownedBy(String pv, HostInfo owner) {
        remoteOwners.put(pv, owner);
        otherHosts.add(owner);
        return this;
    }

    InMemoryPvConfigs withPeer(HostInfo peer) {
        otherHosts.add(peer);
        return this;
    }

    @Override
    public void put(List<PvSpec> specs) {
        if (kafkaDown) {
            throw new PvConfigUnavailable("broker down (test)", null);
        }
        specs.forEach(spec -> local.put(spec.name(), spec.toAvro()));
        recordsWritten.addAndGet(specs.size());
    }

    @Override
    public void delete(String name) {
        if (kafkaDown) {
            throw new PvConfigUnavailable("broker down (test)", null);
        }
        local.remove(name);
        recordsWritten.incrementAndGet();
    }

    @Override
    public void close() {
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        return Optional.of(remoteOwners.getOrDefault(pv, self));
    }

    @Override
    public Optional<PvConfig> getLocal(String pv) {
        return Optional.ofNullable(local.get(pv));
    }

    @Override
    public List<PvConfig> scanLocal(String prefix, String after, int limit) {
        String from = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        return local.tailMap(from, after == null || !from.equals(after)).values().stream()
                .takeWhile(pv -> pv.getName().startsWith(prefix))
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
    public KafkaStreams.State state() {
        return KafkaStreams.State.RUNNING;
    }
}
