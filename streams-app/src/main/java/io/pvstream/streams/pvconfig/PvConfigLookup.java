package io.pvstream.streams.pvconfig;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.StoreNotReadyException;

/**
 * The desired PV set as the Streams instance holds it (the {@code pv-config} store, partitioned like the PVs):
 * who owns a PV's spec, and this instance's part. Methods that read a store throw {@link StoreNotReadyException}
 * when it cannot answer now.
 */
public interface PvConfigLookup {

    HostInfo localHost();

    /** The instance whose active task holds the spec of {@code pv}; empty while that is not known. */
    Optional<HostInfo> ownerOf(String pv);

    default boolean isLocal(HostInfo host) {
        return localHost().equals(host);
    }

    /** The spec of {@code pv} from this instance's store; empty if the PV is not in the desired set. */
    Optional<PvConfig> getLocal(String pv);

    /**
     * Up to {@code limit} specs of this instance's partitions whose names start with {@code prefix} and come
     * after {@code after}, in name order.
     */
    List<PvConfig> scanLocal(String prefix, String after, int limit);

    /** Every instance holding a part of the store. */
    Collection<HostInfo> allHosts();

    KafkaStreams.State state();
}
