package io.pvstream.query.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.streams.ops.PendingSummary;

/** One instance's part of the pending store in memory, with owners of other entities and a "not ready" switch. */
final class InMemoryPendingLookup implements OpsPendingLookup {

    private final List<PendingTransaction> entries = new CopyOnWriteArrayList<>();
    private final Map<String, HostInfo> remoteOwners = new HashMap<>();
    private final Set<HostInfo> otherHosts = new LinkedHashSet<>();
    private final HostInfo self;
    private volatile boolean ready = true;
    private volatile boolean ownersKnown = true;

    InMemoryPendingLookup(HostInfo self) {
        this.self = self;
    }

    InMemoryPendingLookup add(OpsTransaction tx, PendingState state) {
        entries.add(PendingTransaction.newBuilder().setTx(tx).setState(state).setSeenRows(List.of())
                .setLsn(null).setCommittedNs(null).setOverdueReported(false).build());
        return this;
    }

    InMemoryPendingLookup addOverdue(OpsTransaction tx) {
        entries.add(PendingTransaction.newBuilder().setTx(tx).setState(PendingState.PENDING).setSeenRows(List.of())
                .setLsn(null).setCommittedNs(null).setOverdueReported(true).build());
        return this;
    }

    /** The entries of {@code entityId} live on {@code owner}. */
    InMemoryPendingLookup ownedBy(String entityId, HostInfo owner) {
        remoteOwners.put(entityId, owner);
        otherHosts.add(owner);
        return this;
    }

    InMemoryPendingLookup withPeer(HostInfo peer) {
        otherHosts.add(peer);
        return this;
    }

    void setReady(boolean ready) {
        this.ready = ready;
    }

    /** false: no owner known, as while Streams rebalances. */
    void setOwnersKnown(boolean known) {
        this.ownersKnown = known;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String entityId) {
        return ownersKnown ? Optional.of(remoteOwners.getOrDefault(entityId, self)) : Optional.empty();
    }

    @Override
    public List<PendingTransaction> pendingForEntity(String entityId) {
        requireReady();
        return sorted(entries.stream().filter(entry -> entry.getTx().getEntityId().equals(entityId)).toList());
    }

    @Override
    public List<PendingTransaction> pendingOfType(String entityType) {
        requireReady();
        return sorted(entries.stream().filter(entry -> entry.getTx().getEntityType().equals(entityType)).toList());
    }

    @Override
    public PendingSummary summary() {
        requireReady();
        return PendingSummary.of(entries);
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

    private static List<PendingTransaction> sorted(List<PendingTransaction> found) {
        List<PendingTransaction> copy = new ArrayList<>(found);
        copy.sort(Comparator.comparingLong(entry -> entry.getTx().getBufferedNs()));
        return copy;
    }
}
