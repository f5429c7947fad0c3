package io.pvstream.query.snapshots;

import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.http.RequestBodies;
import io.pvstream.query.security.Role;
import io.pvstream.records.restore.RestoreService;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * Start and retry restores over HTTP: each route parses, asks {@link RestoreService}, renders.
 *
 * <pre>
 * POST /api/v1/snapshots/{id}/restore         {"pvs":[...]?, "dryRun":false} → 202 + job id
 * POST /api/v1/jobs/{id}/retry                a finished job's failed PVs again (next attempt) → 202
 * </pre>
 */
public final class RestoreRoutes {

    static final String RESTORE_PATH = SnapshotRoutes.PATH + "/{id}/restore";
    static final String RETRY_PATH = "/api/v1/jobs/{id}/retry";

    private final RestoreService service;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    /** @param maxBodyBytes largest request body ({@code http.max.request.bytes}) */
    public RestoreRoutes(RestoreService service, long maxBodyBytes, ObjectMapper mapper) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = mapper;
    }

    /** Registers the routes; call inside {@code config.router.apiBuilder(...)}. */
    public void addRoutes() {
        post(RESTORE_PATH, this::restore, Role.RESTORER);
        post(RETRY_PATH, this::retry, Role.RESTORER);
    }

    void restore(Context ctx) {
        String id = SnapshotParams.id(ctx);
        JsonNode body = ctx.req().getContentLengthLong() == 0 ? mapper.createObjectNode() // all PVs, for real
                : RequestBodies.jsonObject(ctx, maxBodyBytes, mapper);
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("pvs") && !field.equals("dryRun")) {
                throw ApiException.badRequest(field + ": unknown field (allowed: dryRun, pvs)");
            }
        }
        JsonNode dryRunNode = body.get("dryRun");
        if (dryRunNode != null && !dryRunNode.isNull() && !dryRunNode.isBoolean()) {
            throw ApiException.badRequest("dryRun: must be true or false");
        }
        boolean dryRun = dryRunNode != null && dryRunNode.asBoolean(false);
        started(ctx, service.start(id, body.get("pvs"), dryRun, SnapshotParams.author(ctx)));
    }

    /** {@code POST /api/v1/jobs/{id}/retry}: the next attempt of a finished job, for its failed PVs only. */
    void retry(Context ctx) {
        String jobId = SnapshotParams.id(ctx);
        started(ctx, service.retry(jobId, SnapshotParams.author(ctx)));
    }

    /** 202 with where the job can be followed. */
    private void started(Context ctx, RestoreService.Started started) {
        RestoreJob job = started.job();
        ObjectNode answer = mapper.createObjectNode();
        answer.put("jobId", job.getJobId());
        answer.put("snapshotId", job.getSnapshotId());
        answer.put("attempt", job.getAttempt());
        answer.put("dryRun", job.getDryRun());
        answer.put("total", job.getTotal());
        answer.put("toWrite", started.plan().writes().size());
        answer.put("decided", started.plan().decided().size());
        answer.put("job", "/api/v1/jobs/" + job.getJobId());
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.getJobId()).json(answer);
    }
}
