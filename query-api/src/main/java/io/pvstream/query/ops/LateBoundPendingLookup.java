package io.pvstream.query.ops;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.streams.ops.PendingSummary;

/**
 * An {@link OpsPendingLookup} that answers "not ready" until the real one is bound: HTTP listens before Kafka
 * Streams exists (Streams needs the port HTTP took), and requests in between get 503.
 */
public final class LateBoundPendingLookup implements OpsPendingLookup {

    private volatile OpsPendingLookup delegate;

    public void bind(OpsPendingLookup lookup) {
        this.delegate = Objects.requireNonNull(lookup);
    }

    private OpsPendingLookup ready() {
        OpsPendingLookup lookup = delegate;
        if (lookup == null) {
            throw new StoreNotReadyException("streams is not created yet");
        }
        return lookup;
    }

    @Override
    public HostInfo localHost() {
        OpsPendingLookup lookup = delegate;
        return lookup == null ? HostInfo.unavailable() : lookup.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String entityId) {
        OpsPendingLookup lookup = delegate;
        return lookup == null ? Optional.empty() : lookup.ownerOf(entityId);
    }

    @Override
    public List<PendingTransaction> pendingForEntity(String entityId) {
        return ready().pendingForEntity(entityId);
    }

    @Override
    public List<PendingTransaction> pendingOfType(String entityType) {
        return ready().pendingOfType(entityType);
    }

    @Override
    public PendingSummary summary() {
        return ready().summary();
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return ready().allHosts();
    }
}
