package io.pvstream.streams;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;

/**
 * What an API needs from the Streams instance: who owns a PV, the locally stored state, and ingest
 * liveness. {@link PvStateQueries} answers from Kafka Streams; tests of the HTTP layer use an
 * in-memory implementation.
 *
 * <p>Methods that read a store throw {@link StoreNotReadyException} when it cannot answer now.
 */
public interface PvStateLookup {

    /** The address ({@code application.server}) of this instance. */
    HostInfo localHost();

    /** The instance whose active task holds {@code pv}; empty while that is not known (not RUNNING). */
    Optional<HostInfo> ownerOf(String pv);

    default boolean isLocal(HostInfo host) {
        return localHost().equals(host);
    }

    /** The state of {@code pv} from this instance's store; empty if the PV is unknown. */
    Optional<PvState> getLocal(String pv);

    /**
     * Up to {@code limit} PVs of this instance's active partitions whose names start with
     * {@code prefix} and come after {@code after}, in name order.
     *
     * @param prefix name prefix, "" for all
     * @param after  exclusive cursor (the last name of the previous page), or null for the first page
     */
    List<PvState> scanLocal(String prefix, String after, int limit);

    /** Every instance that hosts a part of the PV store, this one included if it does. */
    Collection<HostInfo> allHosts();

    /** The latest heartbeat of every ingest instance (the global store: the same on every instance). */
    List<IngestHeartbeat> heartbeats();

    KafkaStreams.State state();
}
