package io.pvstream.query;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StoreNotReadyException;

/**
 * A {@link PvStateLookup} that answers "not ready" until the real one is bound. HTTP must listen before
 * Kafka Streams is created, because Streams needs the port actually taken for its application.server;
 * requests in between get 503 instead of a null pointer.
 */
final class LateBoundLookup implements PvStateLookup {

    private volatile PvStateLookup delegate;

    void bind(PvStateLookup lookup) {
        this.delegate = Objects.requireNonNull(lookup);
    }

    private PvStateLookup ready() {
        PvStateLookup lookup = delegate;
        if (lookup == null) {
            throw new StoreNotReadyException("streams is not created yet");
        }
        return lookup;
    }

    @Override
    public HostInfo localHost() {
        PvStateLookup lookup = delegate;
        return lookup == null ? HostInfo.unavailable() : lookup.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        PvStateLookup lookup = delegate;
        return lookup == null ? Optional.empty() : lookup.ownerOf(pv);
    }

    @Override
    public Optional<PvState> getLocal(String pv) {
        return ready().getLocal(pv);
    }

    @Override
    public List<PvState> scanLocal(String prefix, String after, int limit) {
        return ready().scanLocal(prefix, after, limit);
    }

    @Override
    public boolean isDesiredLocal(String pv) {
        return ready().isDesiredLocal(pv);
    }

    @Override
    public List<String> desiredLocal(String prefix, String after, int limit) {
        return ready().desiredLocal(prefix, after, limit);
    }

    @Override
    public LocalScan scanLocalMatching(java.util.function.Predicate<String> wanted) {
        return ready().scanLocalMatching(wanted);
    }

    @Override
    public List<PvState> staleLocal(int limit) {
        return ready().staleLocal(limit);
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return ready().allHosts();
    }

    @Override
    public List<IngestHeartbeat> heartbeats() {
        return ready().heartbeats();
    }

    @Override
    public KafkaStreams.State state() {
        PvStateLookup lookup = delegate;
        return lookup == null ? KafkaStreams.State.CREATED : lookup.state();
    }
}
