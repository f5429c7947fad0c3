package io.pvstream.query.jobs;

import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.records.restore.RestoreJobLookup;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.http.ApiException;
import io.pvstream.records.Page;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.streams.restore.RestoreJobStores;
import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;

/**
 * Reads a job from this instance's stores, or asks its owner with {@code GET /api/v1/jobs/{id}} (which the owner
 * answers from its stores: the forwarded-by header stops a second hop).
 */
final class JobReader implements RestoreJobLookup {

    /** Largest page of results; also what {@link #results} asks an owner for at a time. */
    static final int MAX_LIMIT = 10_000;

    private final RestoreJobStores stores;
    private final PeerClient peers;
    private final ObjectMapper mapper;

    JobReader(RestoreJobStores stores, PeerClient peers, ObjectMapper mapper) {
        this.stores = stores;
        this.peers = peers;
        this.mapper = mapper;
    }

    /** The job and one page of its results from this instance's stores; empty for a job it does not hold. */
    Optional<JobDetail> localDetail(String jobId, String cursor, int limit) {
        return stores.progressLocal(jobId).map(progress ->
                new JobDetail(JobView.of(progress), ResultPaging.page(localResults(jobId, progress), cursor, limit)));
    }

    @Override
    public Optional<JobView> progress(String jobId) {
        HostInfo owner = owner(jobId);
        if (stores.isLocal(owner)) {
            return stores.progressLocal(jobId).map(JobView::of);
        }
        return fetch(owner, jobId, null, 1).map(JobDetail::job);
    }

    @Override
    public List<PvResultView> results(String jobId) {
        HostInfo owner = owner(jobId);
        if (stores.isLocal(owner)) {
            return stores.progressLocal(jobId)
                    .map(progress -> ResultPaging.page(localResults(jobId, progress), null, Integer.MAX_VALUE).items())
                    .orElse(List.of());
        }
        List<PvResultView> all = new ArrayList<>();
        String cursor = null;
        do {
            Optional<JobDetail> detail = fetch(owner, jobId, cursor, MAX_LIMIT);
            if (detail.isEmpty()) {
                return List.of();
            }
            Page<PvResultView> page = detail.get().results();
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return all;
    }

    private List<PvResultView> localResults(String jobId, JobProgress progress) {
        RestoreJob job = progress.getJob();
        return stores.resultsLocal(jobId).stream().map(result -> PvResultView.of(result, job)).toList();
    }

    private HostInfo owner(String jobId) {
        return stores.ownerOf(jobId).orElseThrow(() -> ApiException.unavailable(
                "the instance holding job " + jobId + " is not known now (starting or rebalancing)"));
    }

    private Optional<JobDetail> fetch(HostInfo owner, String jobId, String cursor, int limit) {
        String peer = PeerCalls.address(owner);
        PeerResponse response = PeerCalls.await(owner, peers.get(owner, pathOf(jobId, cursor, limit)));
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw ApiException.unavailable("owner " + peer + " of job " + jobId + " answered " + response.status()
                    + ": " + response.body());
        }
        try {
            return Optional.of(mapper.readValue(response.body(), JobDetail.class));
        } catch (IOException e) {
            throw ApiException.unavailable("owner " + peer + " of job " + jobId + " answered malformed JSON");
        }
    }

    /** The public path of a job with paging parameters, the id encoded as one path segment. */
    static String pathOf(String jobId, String cursor, int limit) {
        StringBuilder path = new StringBuilder(JobsController.LIST_PATH).append('/').append(encode(jobId))
                .append("?limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(encode(cursor));
        }
        return path.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
