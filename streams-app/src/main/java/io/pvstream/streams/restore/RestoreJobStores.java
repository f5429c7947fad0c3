package io.pvstream.streams.restore;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.streams.StoreNotReadyException;

/**
 * What an API needs from the restore-job stores: who owns a job, and what this instance holds.
 * {@link RestoreJobQueries} answers from Kafka Streams; tests of the HTTP layer use an in-memory one.
 * Methods that read a store throw {@link StoreNotReadyException} when it cannot answer now.
 */
public interface RestoreJobStores {

    /** The address ({@code application.server}) of this instance. */
    HostInfo localHost();

    default boolean isLocal(HostInfo host) {
        return localHost().equals(host);
    }

    /** The instance whose active task holds {@code jobId}; empty while not known (not RUNNING). */
    Optional<HostInfo> ownerOf(String jobId);

    /** The progress of {@code jobId} from this instance's store; ask {@link #ownerOf} first. */
    Optional<JobProgress> progressLocal(String jobId);

    /** Every stored result of {@code jobId} (the latest per PV), in PV name order; ask {@link #ownerOf} first. */
    List<PvWriteResult> resultsLocal(String jobId);

    /** Up to {@code limit} jobs of this instance's partitions, newest (by creation) first. */
    List<JobProgress> newestLocal(int limit);

    /** Every instance that hosts a part of the job store, this one included if it does. */
    Collection<HostInfo> allHosts();
}
