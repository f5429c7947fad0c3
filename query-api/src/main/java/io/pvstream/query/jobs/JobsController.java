package io.pvstream.query.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.cluster.OwnerRouting;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.streams.restore.RestoreJobStores;
import io.pvstream.records.restore.JobView;

/**
 * {@code GET /api/v1/jobs/{id}} (answered by the instance that owns the job, forwarded there if needed) and
 * {@code GET /api/v1/jobs} (the newest jobs of every instance, merged).
 */
final class JobsController {

    static final String LIST_PATH = "/api/v1/jobs";
    static final String PATH = "/api/v1/jobs/{id}";
    static final String LOCAL_LIST_PATH = "/api/v1/internal/jobs/local";
    static final int DEFAULT_RESULTS = 1_000;
    static final int DEFAULT_JOBS = 50;
    static final int MAX_JOBS = 1_000;
    private static final int MAX_ID_LENGTH = 200;
    /** Newest first, as the stores list them: by creation, then id. */
    private static final Comparator<JobView> NEWEST_FIRST = Comparator.comparingLong(JobView::createdNs).reversed()
            .thenComparing(JobView::jobId);
    private static final TypeReference<List<JobView>> JOB_LIST = new TypeReference<>() {
    };

    private final RestoreJobStores stores;
    private final JobReader reader;
    private final PeerClient peers;
    private final ObjectMapper mapper;

    JobsController(RestoreJobStores stores, JobReader reader, PeerClient peers, ObjectMapper mapper) {
        this.stores = stores;
        this.reader = reader;
        this.peers = peers;
        this.mapper = mapper;
    }

    void getJob(Context ctx) {
        String jobId = ctx.pathParamAsClass("id", String.class)
                .check(JobsController::isPlausibleId, "must be 1 to " + MAX_ID_LENGTH
                        + " characters, no '/', no control characters")
                .get();
        int limit = limit(ctx, DEFAULT_RESULTS, JobReader.MAX_LIMIT);
        String cursor = ctx.queryParam("cursor");
        Optional<HostInfo> owner = stores.ownerOf(jobId);
        boolean forwarded = ctx.header(PeerClient.FORWARDED_BY) != null;
        switch (OwnerRouting.decide(owner, stores::isLocal, forwarded)) {
            case LOCAL -> {
                JobDetail detail = reader.localDetail(jobId, cursor == null || cursor.isEmpty() ? null : cursor, limit)
                        .orElseThrow(() -> ApiException.notFound("unknown job " + jobId));
                ctx.header(PeerClient.SERVED_BY, PeerCalls.address(stores.localHost()));
                ctx.json(detail);
            }
            case FORWARD -> relay(ctx, owner.orElseThrow(), JobReader.pathOf(jobId, cursor, limit));
            case NOT_OWNER -> throw ApiException.unavailable("this instance does not own job " + jobId
                    + " (forwarded by " + ctx.header(PeerClient.FORWARDED_BY) + "; ownership is moving)");
            case OWNER_UNKNOWN -> throw ApiException.unavailable("the instance owning job " + jobId
                    + " is not known now (starting or rebalancing)");
        }
    }

    /** Every instance is asked for its newest {@code limit}; together they hold every job. */
    void listJobs(Context ctx) {
        int limit = limit(ctx, DEFAULT_JOBS, MAX_JOBS);
        Map<HostInfo, CompletableFuture<PeerResponse>> remote = new LinkedHashMap<>();
        List<JobView> all = new ArrayList<>();
        for (HostInfo host : stores.allHosts()) {
            if (stores.isLocal(host)) {
                all.addAll(localNewest(limit));
            } else {
                remote.put(host, peers.get(host, LOCAL_LIST_PATH + "?limit=" + limit));
            }
        }
        remote.forEach((host, answer) -> all.addAll(itemsOf(host, answer)));
        // During a rebalance two instances may briefly hold one job: keep one copy.
        Map<String, JobView> byId = new LinkedHashMap<>();
        all.stream().sorted(NEWEST_FIRST).forEach(job -> byId.putIfAbsent(job.jobId(), job));
        ctx.json(Map.of("items", byId.values().stream().limit(limit).toList()));
    }

    /** The internal endpoint: this instance's newest jobs. */
    void listLocalJobs(Context ctx) {
        ctx.json(Map.of("items", localNewest(limit(ctx, DEFAULT_JOBS, MAX_JOBS))));
    }

    private List<JobView> localNewest(int limit) {
        return stores.newestLocal(limit).stream().map(JobView::of).toList();
    }

    private List<JobView> itemsOf(HostInfo host, CompletableFuture<PeerResponse> answer) {
        PeerResponse response = PeerCalls.await(host, answer);
        if (response.status() != 200) {
            // a list without that instance's jobs would silently miss some: the whole list must be retried
            throw ApiException.unavailable("instance " + PeerCalls.address(host) + " answered " + response.status() + ": "
                    + response.body());
        }
        try {
            JsonNode items = mapper.readTree(response.body()).path("items");
            return mapper.convertValue(items, JOB_LIST);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.unavailable("instance " + PeerCalls.address(host) + " answered malformed JSON");
        }
    }

    private void relay(Context ctx, HostInfo owner, String path) {
        PeerCalls.relay(ctx, owner, peers.get(owner, path));
    }

    private static int limit(Context ctx, int defaultLimit, int max) {
        return ctx.queryParamAsClass("limit", Integer.class)
                .check(limit -> limit >= 1 && limit <= max, "must be between 1 and " + max)
                .getOrDefault(defaultLimit);
    }

    static boolean isPlausibleId(String id) {
        return !id.isBlank() && id.length() <= MAX_ID_LENGTH && id.indexOf('/') < 0
                && id.chars().noneMatch(Character::isISOControl);
    }

}
