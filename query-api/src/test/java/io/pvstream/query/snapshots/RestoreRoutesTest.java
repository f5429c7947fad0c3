package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.query.http.Json;
import io.pvstream.records.DomainException.Conflict;
import io.pvstream.records.DomainException.NotFound;
import io.pvstream.records.restore.RestorePlanner;
import io.pvstream.records.restore.RestoreService;
import io.pvstream.schemas.avro.RestoreJob;
import okhttp3.Response;

/** The restore routes against a fake {@link RestoreService}: what they parse, what they render, which status. */
class RestoreRoutesTest {

    private static final String SNAPSHOT = "0b7e3a52-6d1f-4c1e-9a51-2f1e8a1c0d01";
    private static final String JOB = "7f3e2d1c-0b9a-4876-9543-210fedcba987";
    private static final ObjectMapper MAPPER = Json.newMapper();

    private final FakeRestores restores = new FakeRestores();

    private Javalin app() {
        RestoreRoutes routes = new RestoreRoutes(restores, 100_000, MAPPER);
        Javalin app = Javalin.create(config -> config.router.apiBuilder(routes::addRoutes));
        ApiErrorHandlers.register(app, Duration.ofSeconds(2));
        return app;
    }

    @Test
    void aRestoreStartsTheServiceWithTheParsedBodyAndAnswers202WithTheJob() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.post("/api/v1/snapshots/" + SNAPSHOT + "/restore",
                    "{\"pvs\":[\"SIM:A\"],\"dryRun\":true}", builder -> builder.header("X-Pvstream-Author", "bob"));
            assertThat(response.code()).isEqualTo(202);
            assertThat(response.header("Location")).isEqualTo("/api/v1/jobs/" + JOB);
            JsonNode body = json(response);
            assertThat(body.path("jobId").asText()).isEqualTo(JOB);
            assertThat(body.path("snapshotId").asText()).isEqualTo(SNAPSHOT);
            assertThat(body.path("dryRun").asBoolean()).isTrue();
            assertThat(body.path("total").asInt()).isEqualTo(1);
            assertThat(body.path("toWrite").asInt()).isZero();
            assertThat(body.path("job").asText()).isEqualTo("/api/v1/jobs/" + JOB);
            assertThat(restores.calls).containsExactly("start " + SNAPSHOT + " [\"SIM:A\"] dryRun=true by bob");
        });
    }

    @Test
    void anEmptyBodyRestoresEverythingForReal() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.post("/api/v1/snapshots/" + SNAPSHOT + "/restore").code()).isEqualTo(202);
            assertThat(restores.calls).containsExactly("start " + SNAPSHOT + " null dryRun=false by null");
        });
    }

    @Test
    void badBodiesAre400AndStartNothing() {
        JavalinTest.test(app(), (server, client) -> {
            Response unknown = client.post("/api/v1/snapshots/" + SNAPSHOT + "/restore", "{\"force\":true}");
            assertThat(unknown.code()).isEqualTo(400);
            assertThat(json(unknown).path("message").asText()).isEqualTo("force: unknown field (allowed: dryRun, pvs)");
            Response dryRun = client.post("/api/v1/snapshots/" + SNAPSHOT + "/restore", "{\"dryRun\":\"yes\"}");
            assertThat(json(dryRun).path("message").asText()).isEqualTo("dryRun: must be true or false");
            assertThat(client.post("/api/v1/snapshots/not-a-uuid/restore").code()).isEqualTo(400);
            assertThat(restores.calls).isEmpty();
        });
    }

    @Test
    void aRetryIsTheNextAttemptAndTheServiceRefusalsKeepTheirStatus() {
        JavalinTest.test(app(), (server, client) -> {
            Response retried = client.post("/api/v1/jobs/" + JOB + "/retry");
            assertThat(retried.code()).isEqualTo(202);
            assertThat(json(retried).path("attempt").asInt()).isEqualTo(2);
            assertThat(restores.calls).containsExactly("retry " + JOB + " by null");

            restores.failure = new Conflict("job " + JOB + " is still running; retry it once it ends");
            Response running = client.post("/api/v1/jobs/" + JOB + "/retry");
            assertThat(running.code()).isEqualTo(409);
            assertThat(json(running).path("error").asText()).isEqualTo("conflict");

            restores.failure = new NotFound("unknown job " + JOB);
            Response unknown = client.post("/api/v1/jobs/" + JOB + "/retry");
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(json(unknown).path("message").asText()).isEqualTo("unknown job " + JOB);
        });
    }

    private static JsonNode json(Response response) throws IOException {
        return MAPPER.readTree(response.body().string());
    }

    /** Answers a job of one decided PV; records what it was asked. */
    private static final class FakeRestores implements RestoreService {
        final List<String> calls = new ArrayList<>();
        RuntimeException failure;

        @Override
        public Started start(String snapshotId, JsonNode pvs, boolean dryRun, String author) {
            calls.add("start " + snapshotId + " " + pvs + " dryRun=" + dryRun + " by " + author);
            return started(1, dryRun);
        }

        @Override
        public Started retry(String jobId, String author) {
            if (failure != null) {
                throw failure;
            }
            calls.add("retry " + jobId + " by " + author);
            return started(2, false);
        }

        private static Started started(int attempt, boolean dryRun) {
            RestoreJob job = RestoreJob.newBuilder().setJobId(JOB).setSnapshotId(SNAPSHOT).setAttempt(attempt)
                    .setDryRun(dryRun).setPvs(List.of()).setRetried(List.of()).setTotal(1).setCreatedNs(1L)
                    .setStartedNs(1L).setDeadlineNs(2L).build();
            RestorePlanner.Plan plan = new RestorePlanner.Plan(List.of(),
                    List.of(io.pvstream.schemas.avro.PvWriteResult.newBuilder().setJobId(JOB).setAttempt(attempt)
                            .setPvName("SIM:A").setOutcome(io.pvstream.schemas.avro.WriteOutcome.SKIPPED_READ_ONLY).setCompletedNs(1L)
                            .build()));
            return new Started(job, plan);
        }
    }
}
