package io.pvstream.query.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.restore.RestoreJobStores;

/** An instance's restore-job stores in memory: jobs it owns, owners of the others, a switch for "not ready". */
final class InMemoryRestoreJobStores implements RestoreJobStores {

    private final HostInfo self;
    private final Map<String, JobProgress> jobs = new HashMap<>();
    private final Map<String, TreeMap<String, PvWriteResult>> results = new HashMap<>();
    private final Map<String, HostInfo> remoteOwners = new HashMap<>();
    private final Set<HostInfo> otherHosts = new LinkedHashSet<>();
    volatile boolean ready = true;

    InMemoryRestoreJobStores(HostInfo self) {
        this.self = self;
    }

    InMemoryRestoreJobStores put(JobProgress progress, PvWriteResult... written) {
        String jobId = progress.getJob().getJobId();
        jobs.put(jobId, progress);
        TreeMap<String, PvWriteResult> byPv = results.computeIfAbsent(jobId, id -> new TreeMap<>());
        for (PvWriteResult result : written) {
            byPv.put(result.getPvName(), result);
        }
        return this;
    }

    InMemoryRestoreJobStores ownedBy(String jobId, HostInfo owner) {
        remoteOwners.put(jobId, owner);
        otherHosts.add(owner);
        return this;
    }

    InMemoryRestoreJobStores withPeer(HostInfo peer) {
        otherHosts.add(peer);
        return this;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String jobId) {
        return ready ? Optional.of(remoteOwners.getOrDefault(jobId, self)) : Optional.empty();
    }

    @Override
    public Optional<JobProgress> progressLocal(String jobId) {
        requireReady();
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public List<PvWriteResult> resultsLocal(String jobId) {
        requireReady();
        return List.copyOf(results.getOrDefault(jobId, new TreeMap<>()).values());
    }

    @Override
    public List<JobProgress> newestLocal(int limit) {
        requireReady();
        return jobs.values().stream()
                .sorted(Comparator.comparingLong((JobProgress p) -> p.getJob().getCreatedNs()).reversed())
                .limit(limit).toList();
    }

    @Override
    public Collection<HostInfo> allHosts() {
        requireReady();
        List<HostInfo> hosts = new ArrayList<>(otherHosts);
        hosts.add(self);
        return hosts;
    }

    private void requireReady() {
        if (!ready) {
            throw new StoreNotReadyException("rebalancing (test)");
        }
    }
}
