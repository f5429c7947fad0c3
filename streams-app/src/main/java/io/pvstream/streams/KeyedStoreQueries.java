package io.pvstream.streams;

import java.util.Collection;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the queries of every keyed store share: where this instance is, the Streams state, who owns a key and who
 * hosts the store. Subclasses add their store's reads.
 *
 * @param <V> the store's values
 */
public abstract class KeyedStoreQueries<V> {

    protected final StreamsHandle handle;
    protected final KeyedStore<V> store;

    protected KeyedStoreQueries(StreamsHandle handle, String storeName) {
        this.handle = handle;
        this.store = new KeyedStore<>(handle, storeName);
    }

    public HostInfo localHost() {
        return handle.localHost();
    }

    public KafkaStreams.State state() {
        return handle.state();
    }

    /** The instance whose active task holds {@code key}; empty while that is not known. */
    public Optional<HostInfo> ownerOf(String key) {
        return store.ownerOf(key);
    }

    /** Every instance hosting a part of the store. */
    public Collection<HostInfo> allHosts() {
        return store.allHosts();
    }
}
