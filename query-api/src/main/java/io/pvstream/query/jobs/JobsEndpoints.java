package io.pvstream.query.jobs;

import io.pvstream.records.restore.RestoreJobLookup;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.time.Clock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.pvstream.records.cluster.PeerClient;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.restore.RestoreJobStores;

/**
 * The restore-job part of the HTTP API; {@code ApiFactory} calls {@link #addRoutes} inside its router.
 * <pre>
 * GET            /api/v1/jobs/{id}?limit=&amp;cursor=   progress + per-PV results (failed first), from the job's owner
 * GET            /api/v1/jobs?limit=                   newest jobs of all instances
 * GET            /api/v1/health/circuits               every IOC's circuit breaker, from the ingest heartbeats
 * GET (internal) /api/v1/internal/jobs/local?limit=    this instance's newest jobs
 * </pre>
 * {@link #lookup()} gives other parts of the API (a retry, the WebSocket) a job from whichever instance owns it.
 */
public final class JobsEndpoints {

    static final String CIRCUITS_PATH = "/api/v1/health/circuits";

    private final JobsController jobs;
    private final JobReader reader;
    private final CircuitsService circuits;

    /**
     * @param stores           this instance's view of the restore-job stores
     * @param peers            how to reach the other instances
     * @param heartbeats       the ingest heartbeats (circuits)
     * @param missedHeartbeats heartbeat periods after which an ingest instance is dead
     */
    public JobsEndpoints(RestoreJobStores stores, PeerClient peers, PvStateLookup heartbeats, Clock clock,
                         int missedHeartbeats) {
        // Instances of different versions talk to each other: tolerate fields added later.
        ObjectMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.reader = new JobReader(stores, peers, mapper);
        this.jobs = new JobsController(stores, reader, peers, mapper);
        this.circuits = new CircuitsService(heartbeats, clock, missedHeartbeats);
    }

    /** A job's progress and results, from whichever instance owns it. */
    public RestoreJobLookup lookup() {
        return reader;
    }

    /** Registers every route; call inside {@code config.router.apiBuilder(...)}. */
    public void addRoutes() {
        get(JobsController.LIST_PATH, jobs::listJobs);
        get(JobsController.PATH, jobs::getJob);
        get(JobsController.LOCAL_LIST_PATH, jobs::listLocalJobs);
        get(CIRCUITS_PATH, ctx -> ctx.json(circuits.report()));
    }
}
