package io.pvstream.query.pvconfig;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.pvconfig.PvConfigLookup;

/** "Not ready" until the Streams-backed lookup is bound (HTTP starts before Streams, which needs its port). */
public final class LateBoundPvConfigLookup implements PvConfigLookup {

    private volatile PvConfigLookup delegate;

    public void bind(PvConfigLookup lookup) {
        this.delegate = Objects.requireNonNull(lookup);
    }

    private PvConfigLookup ready() {
        PvConfigLookup lookup = delegate;
        if (lookup == null) {
            throw new StoreNotReadyException("streams is not created yet");
        }
        return lookup;
    }

    @Override
    public HostInfo localHost() {
        PvConfigLookup lookup = delegate;
        return lookup == null ? HostInfo.unavailable() : lookup.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        PvConfigLookup lookup = delegate;
        return lookup == null ? Optional.empty() : lookup.ownerOf(pv);
    }

    @Override
    public Optional<PvConfig> getLocal(String pv) {
        return ready().getLocal(pv);
    }

    @Override
    public List<PvConfig> scanLocal(String prefix, String after, int limit) {
        return ready().scanLocal(prefix, after, limit);
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return ready().allHosts();
    }

    @Override
    public KafkaStreams.State state() {
        PvConfigLookup lookup = delegate;
        return lookup == null ? KafkaStreams.State.CREATED : lookup.state();
    }
}
