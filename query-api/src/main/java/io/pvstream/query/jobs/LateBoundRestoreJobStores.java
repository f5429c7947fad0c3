package io.pvstream.query.jobs;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.restore.RestoreJobStores;

/**
 * {@link RestoreJobStores} that answers "not ready" until the real one is bound: HTTP listens before Kafka Streams
 * exists (Streams needs the port HTTP took), and requests in between get 503.
 */
public final class LateBoundRestoreJobStores implements RestoreJobStores {

    private volatile RestoreJobStores delegate;

    public void bind(RestoreJobStores stores) {
        this.delegate = Objects.requireNonNull(stores);
    }

    private RestoreJobStores ready() {
        RestoreJobStores stores = delegate;
        if (stores == null) {
            throw new StoreNotReadyException("streams is not created yet");
        }
        return stores;
    }

    @Override
    public HostInfo localHost() {
        RestoreJobStores stores = delegate;
        return stores == null ? HostInfo.unavailable() : stores.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String jobId) {
        RestoreJobStores stores = delegate;
        return stores == null ? Optional.empty() : stores.ownerOf(jobId);
    }

    @Override
    public Optional<JobProgress> progressLocal(String jobId) {
        return ready().progressLocal(jobId);
    }

    @Override
    public List<PvWriteResult> resultsLocal(String jobId) {
        return ready().resultsLocal(jobId);
    }

    @Override
    public List<JobProgress> newestLocal(int limit) {
        return ready().newestLocal(limit);
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return ready().allHosts();
    }
}
