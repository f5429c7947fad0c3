package io.pvstream.streams.watchdog;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.pvstream.schemas.Topics;
import io.pvstream.streams.PvStateUpdate;
import io.pvstream.streams.StreamsAppConfig;

/**
 * The stale watchdog's part of the topology: a processor beside {@code PvLatestProcessor} on the same
 * updates (so in the same tasks, next to {@value Topics.Stores#PV_LATEST}) and its index store.
 */
public final class WatchdogTopology {

    private WatchdogTopology() {
    }

    /** @param updates the PV updates {@code PvLatestProcessor} applies (pv.config included) */
    public static void addTo(StreamsBuilder builder, KStream<String, PvStateUpdate> updates, StreamsAppConfig config) {
        builder.addStateStore(indexStore());
        StaleRule rule = new StaleRule(Duration.ofMillis(config.getLong(StreamsAppConfig.STALE_THRESHOLD_MS)).toNanos());
        Duration interval = Duration.ofMillis(config.getLong(StreamsAppConfig.STALE_CHECK_INTERVAL_MS));
        updates.process(() -> new StaleWatchdog(rule, interval), Named.as("pv-stale-watchdog"),
                Topics.Stores.PV_LATEST, Topics.Stores.PV_STALE);
    }

    /** Logged: after a move the new owner knows what was flagged. */
    private static StoreBuilder<KeyValueStore<String, Long>> indexStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.Stores.PV_STALE),
                Serdes.String(), Serdes.Long()).withCachingEnabled();
    }
}
