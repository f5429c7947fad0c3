package io.pvstream.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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
     * The state of {@code pv} from a standby copy of its partition held here, for when its owner does not answer
     * (it died; until the group notices, its partitions are not moved). Empty if this instance holds no copy of the
     * partition, or the copy does not have the PV. This default holds none.
     */
    default Optional<PvState> getFromStandby(String pv) {
        return Optional.empty();
    }

    /**
     * Up to {@code limit} PVs of this instance's active partitions whose names start with
     * {@code prefix} and come after {@code after}, in name order.
     *
     * @param prefix name prefix, "" for all
     * @param after  exclusive cursor (the last name of the previous page), or null for the first page
     */
    List<PvState> scanLocal(String prefix, String after, int limit);

    /**
     * Whether {@code pv} is in the desired set ({@code pv.config}) as this instance's partitions hold it. With
     * {@link #getLocal} empty, that is a PV expected but not seen yet (its IOC not up, or Streams not there yet):
     * "never connected", not unknown. The desired set is co-partitioned with the PV store, so the owner of a PV
     * holds both. Implementations without a desired set say false.
     */
    default boolean isDesiredLocal(String pv) {
        return false;
    }

    /**
     * Up to {@code limit} names of the desired set in this instance's active partitions that start with
     * {@code prefix} and come after {@code after}, in name order (as {@link #scanLocal} pages the states).
     */
    default List<String> desiredLocal(String prefix, String after, int limit) {
        return List.of();
    }

    /**
     * The states of this instance's active partitions whose names {@code wanted} accepts, read with one scan per
     * partition (not one lookup per PV), with the store positions they were read at.
     */
    default LocalScan scanLocalMatching(Predicate<String> wanted) {
        List<PvState> matching = new ArrayList<>();
        String after = null;
        while (true) {
            List<PvState> page = scanLocal("", after, 10_000);
            page.stream().filter(state -> wanted.test(state.getName())).forEach(matching::add);
            if (page.size() < 10_000) {
                return new LocalScan(matching, Set.of(), Map.of());
            }
            after = page.get(page.size() - 1).getName();
        }
    }

    /**
     * What {@link #scanLocalMatching} found.
     *
     * @param partitions the partitions scanned (empty when the implementation cannot tell)
     * @param positions {@code "<topic>-<partition>" → offset} of the last record applied to each scanned partition's
     *                  store when its scan began: the states reflect at least every record up to there
     */
    record LocalScan(List<PvState> states, Set<Integer> partitions, Map<String, Long> positions) {
    }

    /**
     * The PVs of this instance's active partitions that the stale watchdog has flagged and that are still flagged
     * ({@code staleSinceNs} set), in name order, at most {@code limit}. This default scans every PV; the Streams
     * implementation reads the watchdog's small index instead.
     */
    default List<PvState> staleLocal(int limit) {
        List<PvState> stale = new ArrayList<>();
        String after = null;
        while (stale.size() < limit) {
            List<PvState> page = scanLocal("", after, 10_000);
            page.stream().filter(state -> state.getStaleSinceNs() != null).limit(limit - stale.size())
                    .forEach(stale::add);
            if (page.size() < 10_000) {
                break;
            }
            after = page.get(page.size() - 1).getName();
        }
        return stale;
    }

    /** Every instance that hosts a part of the PV store, this one included if it does. */
    Collection<HostInfo> allHosts();

    /** The latest heartbeat of every ingest instance (the global store: the same on every instance). */
    List<IngestHeartbeat> heartbeats();

    KafkaStreams.State state();
}
