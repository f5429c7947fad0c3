package io.pvstream.streams;

import java.util.Optional;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance holds the active copy of a String key of a store: the routing fact every query service needs. */
public final class StoreOwnership {

    private static final Serializer<String> KEY_SERIALIZER = new StringSerializer();

    private StoreOwnership() {
    }

    /** The owner of {@code key} in {@code store}; empty while not RUNNING (during a rebalance the answer may already be wrong). */
    public static Optional<HostInfo> activeHostOf(KafkaStreams streams, String store, String key) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        try {
            KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEY_SERIALIZER);
            if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
                return Optional.empty();
            }
            return Optional.of(metadata.activeHost());
        } catch (StreamsException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
