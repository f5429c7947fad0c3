package io.pvstream.streams;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds an {@link ObjectStore} over a persistent (RocksDB), logged store keyed by PV name, without a record cache. */
public final class ObjectStoreBuilder<V> implements StoreBuilder<ObjectStore<V>> {

    private final StoreBuilder<KeyValueStore<String, V>> below;
    private final int maxObjects;
    private final boolean rememberReads;

    private ObjectStoreBuilder(StoreBuilder<KeyValueStore<String, V>> below, int maxObjects, boolean rememberReads) {
        this.below = below;
        this.maxObjects = maxObjects;
        this.rememberReads = rememberReads;
    }

    /**
     * A store that one processor alone reads: what it reads is kept too.
     *
     * @param maxObjects how many clean objects a task keeps ({@link StreamsAppConfig#STATE_OBJECTS_PER_TASK})
     */
    public static <V> ObjectStoreBuilder<V> owned(String name, Serde<V> values, int maxObjects) {
        return new ObjectStoreBuilder<>(below(name, values), maxObjects, true);
    }

    /** A store that interactive queries read, on standbys too: only what is written is kept. */
    public static <V> ObjectStoreBuilder<V> queried(String name, Serde<V> values, int maxObjects) {
        return new ObjectStoreBuilder<>(below(name, values), maxObjects, false);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> below(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingDisabled();
    }

    @Override
    public ObjectStore<V> build() {
        return new ObjectStore<>(below.build(), maxObjects, rememberReads);
    }

    /** It is a cache of its own: one in front of it would only add a copy. */
    @Override
    public StoreBuilder<ObjectStore<V>> withCachingEnabled() {
        throw new UnsupportedOperationException(name() + " keeps its own objects: no record cache in front of it");
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withLoggingEnabled(Map<String, String> config) {
        below.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<ObjectStore<V>> withLoggingDisabled() {
        below.withLoggingDisabled();
        return this;
    }

    @Override
    public Map<String, String> logConfig() {
        return below.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return below.loggingEnabled();
    }

    @Override
    public String name() {
        return below.name();
    }
}
