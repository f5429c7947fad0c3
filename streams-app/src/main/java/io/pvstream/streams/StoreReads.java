package io.pvstream.streams;

import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * What every interactive query over a String-keyed store does before it reads: find the key's partition, and turn
 * the ways Streams says "not now" into the one exception callers handle ({@link StoreNotReadyException}).
 */
public final class StoreReads {

    private static final Serializer<String> KEY_SERIALIZER = new StringSerializer();

    private StoreReads() {
    }

    /** Runs a read of the Streams instance, mapping "not now" (rebalance, not started, stopped) to {@link StoreNotReadyException}. */
    public static <T> T guarded(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) { // also StreamsNotStarted/Stopped, UnknownStateStore
            throw new StoreNotReadyException(e.getMessage(), e);
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreNotReadyException("streams cannot answer: " + e.getMessage(), e);
        }
    }

    /**
     * The partition of {@code store} that holds {@code key}.
     *
     * @param what how the key is named in the error, e.g. {@code "job 42"}
     * @throws StoreNotReadyException while the partition is not known (no assignment yet)
     */
    public static int partitionOf(KafkaStreams streams, String store, String key, String what) {
        KeyQueryMetadata metadata = guarded(() -> streams.queryMetadataForKey(store, key, KEY_SERIALIZER));
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StoreNotReadyException("the partition of " + what + " is not known yet");
        }
        return metadata.partition();
    }
}
