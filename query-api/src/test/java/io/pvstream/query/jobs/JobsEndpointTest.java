package io.pvstream.query.jobs;

import io.pvstream.records.restore.RestoreJobLookup;

import static io.pvstream.query.jobs.JobRecords.T0_NS;
import static io.pvstream.query.jobs.JobRecords.job;
import static io.pvstream.query.jobs.JobRecords.progress;
import static io.pvstream.query.jobs.JobRecords.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import io.pvstream.records.IsoTime;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;
import okhttp3.Response;
import io.pvstream.records.restore.PvResultView;

/** GET /api/v1/jobs/{id}, GET /api/v1/jobs and GET /api/v1/health/circuits over in-memory stores. */
class JobsEndpointTest extends JobsApiSupport {

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("pvName").asText()));
        return names;
    }

    @Test
    void aJobShowsItsProgressAndItsResultsFailedFirst() {
        RestoreJob job = job("j-1", 1, 5, T0_NS);
        stores.put(progress(job, 3, 2, 1, 1),
                result("j-1", 1, "A", WriteOutcome.VERIFIED),
                result("j-1", 1, "B", WriteOutcome.SKIPPED_READ_ONLY),
                result("j-1", 1, "C", WriteOutcome.WRITTEN_NOT_VERIFIED),
                result("j-1", 1, "D", WriteOutcome.VERIFIED),
                result("j-1", 1, "E", WriteOutcome.CIRCUIT_OPEN));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/jobs/j-1");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header(PeerClient.SERVED_BY)).isEqualTo("127.0.0.1:7001");
            JsonNode body = json(response);
            JsonNode view = body.path("job");
            assertThat(view.path("jobId").asText()).isEqualTo("j-1");
            assertThat(view.path("snapshotId").asText()).isEqualTo("snap-1");
            assertThat(view.path("state").asText()).isEqualTo("FAILED");
            assertThat(view.path("total").asInt()).isEqualTo(5);
            assertThat(view.path("written").asInt()).isEqualTo(3);
            assertThat(view.path("verified").asInt()).isEqualTo(2);
            assertThat(view.path("notVerified").asInt()).isEqualTo(1);
            assertThat(view.path("failed").asInt()).isEqualTo(1);
            assertThat(view.path("skipped").asInt()).isEqualTo(1);
            assertThat(view.path("pending").asInt()).isZero();
            assertThat(view.path("created").asText()).isEqualTo("2023-11-14T22:13:20.123456789Z");
            assertThat(view.path("createdNs").asLong()).isEqualTo(T0_NS);
            assertThat(view.path("deadline").asText()).isEqualTo(IsoTime.format(T0_NS + 600_000_000_000L));
            assertThat(view.path("finished").asText()).isEqualTo(IsoTime.format(T0_NS + 5));

            JsonNode items = body.path("results").path("items");
            assertThat(names(items)).containsExactly("E", "C", "B", "A", "D");
            JsonNode failed = items.get(0);
            assertThat(failed.path("category").asText()).isEqualTo("FAILED");
            assertThat(failed.path("outcome").asText()).isEqualTo("CIRCUIT_OPEN");
            assertThat(failed.path("message").asText()).isEqualTo("because CIRCUIT_OPEN");
            assertThat(failed.path("ioc").asText()).isEqualTo("127.0.0.1:5064");
            assertThat(failed.path("tries").asInt()).isEqualTo(2);
            assertThat(failed.path("completed").asText()).isEqualTo(IsoTime.format(T0_NS + 9));
            assertThat(items.get(1).path("category").asText()).isEqualTo("NOT_VERIFIED");
            assertThat(body.path("results").path("next").isNull()).isTrue();
        });
    }

    @Test
    void tenThousandResultsArePagedWithACursor() {
        RestoreJob job = job("j-big", 1, 10_000, T0_NS);
        List<PvWriteResult> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            results.add(result("j-big", 1, String.format("PV:%05d", i),
                    i % 1000 == 7 ? WriteOutcome.FAILED : WriteOutcome.VERIFIED));
        }
        stores.put(progress(job, 9990, 9990, 10, 0), results.toArray(PvWriteResult[]::new));
        JavalinTest.test(app(), (server, client) -> {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = json(client.get("/api/v1/jobs/j-big?limit=3000"
                        + (cursor == null ? "" : "&cursor=" + cursor))).path("results");
                seen.addAll(names(page.path("items")));
                cursor = page.path("next").isNull() ? null : page.path("next").asText();
                pages++;
            } while (cursor != null);

            assertThat(pages).isEqualTo(4);
            assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
            assertThat(seen.subList(0, 10)).as("the failed ones first").allMatch(name -> name.endsWith("007"));
            assertThat(seen.get(10)).isEqualTo("PV:00000");
            assertThat(json(client.get("/api/v1/jobs/j-big")).path("results").path("items").size())
                    .as("default page").isEqualTo(1000);
        });
    }

    @Test
    void anUnknownJobIs404AndBadParametersAre400() {
        JavalinTest.test(app(), (server, client) -> {
            Response unknown = client.get("/api/v1/jobs/nope");
            assertThat(unknown.code()).isEqualTo(404);
            JsonNode error = json(unknown);
            assertThat(error.path("error").asText()).isEqualTo("not_found");
            assertThat(error.path("message").asText()).contains("nope");

            stores.put(progress(job("j-1", 1, 1, T0_NS), 0, 0, 0, 0));
            assertThat(client.get("/api/v1/jobs/j-1?limit=0").code()).isEqualTo(400);
            assertThat(client.get("/api/v1/jobs/j-1?limit=10001").code()).isEqualTo(400);
            Response badCursor = client.get("/api/v1/jobs/j-1?cursor=%25%25");
            assertThat(badCursor.code()).isEqualTo(400);
            assertThat(json(badCursor).path("message").asText()).contains("cursor");
        });
    }

    @Test
    void aJobOfAnotherInstanceIsForwardedToItsOwner() {
        stores.ownedBy("j-2", OTHER);
        peers.answer(OTHER, path -> answer(200, "{\"job\":{\"jobId\":\"j-2\"},\"results\":{\"items\":[],\"next\":null}}"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/jobs/j-2?limit=10&cursor=abc");

            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("job").path("jobId").asText()).isEqualTo("j-2");
            assertThat(response.header(PeerClient.SERVED_BY)).isEqualTo("127.0.0.1:7002");
            assertThat(peers.asked).containsExactly("7002/api/v1/jobs/j-2?limit=10&cursor=abc");
        });
    }

    @Test
    void aForwardedRequestIsNotForwardedAgainAndNoOwnerIs503() {
        stores.ownedBy("j-2", OTHER);
        JavalinTest.test(app(), (server, client) -> {
            Response again = client.get("/api/v1/jobs/j-2", builder -> builder.header(PeerClient.FORWARDED_BY,
                    "127.0.0.1:7003"));
            assertThat(again.code()).isEqualTo(503);
            assertThat(again.header("Retry-After")).isEqualTo("2");
            assertThat(peers.asked).isEmpty();

            stores.ready = false;
            Response starting = client.get("/api/v1/jobs/j-1");
            assertThat(starting.code()).isEqualTo(503);
            assertThat(json(starting).path("error").asText()).isEqualTo("unavailable");
        });
    }

    @Test
    void theListMergesTheNewestJobsOfEveryInstance() {
        stores.put(progress(job("j-old", 1, 1, T0_NS), 1, 1, 0, 0))
                .put(progress(job("j-new", 1, 1, T0_NS + 3_000), 0, 0, 0, 0))
                .withPeer(OTHER);
        peers.answer(OTHER, path -> answer(200, "{\"items\":[{\"jobId\":\"j-mid\",\"createdNs\":"
                + (T0_NS + 2_000) + ",\"state\":\"RUNNING\"}]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode items = json(client.get("/api/v1/jobs?limit=2")).path("items");

            assertThat(items).extracting(item -> item.path("jobId").asText()).containsExactly("j-new", "j-mid");
            assertThat(peers.asked).containsExactly("7002/api/v1/internal/jobs/local?limit=2");
        });
    }

    @Test
    void theListIs503WhenAnInstanceCannotAnswer() {
        stores.withPeer(OTHER); // no answer scripted: connection refused
        JavalinTest.test(app(), (server, client) ->
                assertThat(client.get("/api/v1/jobs").code()).isEqualTo(503));
    }

    @Test
    void theLookupReadsLocallyOrPagesThroughTheOwner() {
        RestoreJob job = job("j-1", 2, 2, T0_NS, "B");
        stores.put(progress(job, 1, 1, 0, 0), result("j-1", 2, "A", WriteOutcome.VERIFIED),
                result("j-1", 1, "B", WriteOutcome.FAILED));
        stores.ownedBy("j-2", OTHER);
        peers.answer(OTHER, path -> path.contains("cursor=")
                ? answer(200, "{\"job\":{\"jobId\":\"j-2\"},\"results\":{\"items\":[{\"pvName\":\"Y\","
                        + "\"category\":\"VERIFIED\"}],\"next\":null}}")
                : answer(200, "{\"job\":{\"jobId\":\"j-2\"},\"results\":{\"items\":[{\"pvName\":\"X\","
                        + "\"category\":\"FAILED\"}],\"next\":\"c1\"}}"));
        RestoreJobLookup lookup = endpoints().lookup();

        assertThat(lookup.progress("j-1").orElseThrow().attempt()).isEqualTo(2);
        List<PvResultView> local = lookup.results("j-1");
        assertThat(local).extracting(PvResultView::pvName).containsExactly("B", "A");
        assertThat(local.get(0).category()).as("retried, its new result not in yet").isEqualTo("AWAITING_RETRY");
        assertThat(local).noneMatch(PvResultView::needsRetry);

        List<PvResultView> remote = lookup.results("j-2");
        assertThat(remote).extracting(PvResultView::pvName).containsExactly("X", "Y");
        assertThat(remote.get(0).needsRetry()).isTrue();
        assertThat(lookup.progress("unknown")).isEmpty();
    }

    @Test
    void circuitsOfEveryIocWithTheInstanceThatReportsThem() {
        CircuitStatus open = CircuitStatus.newBuilder().setIoc("10.0.0.2:5064").setState(CircuitState.OPEN)
                .setConsecutiveFailures(5).setOpenedNs(T0_NS).setLastError("put callback: write access denied").build();
        CircuitStatus closed = CircuitStatus.newBuilder().setIoc("10.0.0.1:5064").setState(CircuitState.CLOSED)
                .setConsecutiveFailures(0).build();
        heartbeats.beats.add(beat("ingest-a", NOW_NS - 1_000_000_000L, open, closed));
        heartbeats.beats.add(beat("ingest-dead", NOW_NS - 60_000_000_000L,
                CircuitStatus.newBuilder(open).setIoc("10.0.0.1:5064").build()));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health/circuits");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("open").asInt()).as("open in live instances").isEqualTo(1);
            JsonNode circuits = body.path("circuits");
            assertThat(circuits).extracting(c -> c.path("ioc").asText() + " " + c.path("instance").asText())
                    .containsExactly("10.0.0.1:5064 ingest-a", "10.0.0.1:5064 ingest-dead", "10.0.0.2:5064 ingest-a");
            JsonNode dead = circuits.get(1);
            assertThat(dead.path("instanceAlive").asBoolean()).isFalse();
            assertThat(dead.path("state").asText()).isEqualTo("OPEN");
            JsonNode opened = circuits.get(2);
            assertThat(opened.path("instanceAlive").asBoolean()).isTrue();
            assertThat(opened.path("consecutiveFailures").asInt()).isEqualTo(5);
            assertThat(opened.path("opened").asText()).isEqualTo("2023-11-14T22:13:20.123456789Z");
            assertThat(opened.path("lastError").asText()).contains("write access denied");
            assertThat(circuits.get(0).path("opened").isNull()).isTrue();
        });
    }

    private static IngestHeartbeat beat(String instance, long timestampNs, CircuitStatus... circuits) {
        return IngestHeartbeat.newBuilder().setInstance(instance).setHost("h").setTimestampNs(timestampNs)
                .setIntervalMs(1000).setPartitions(List.of(0)).setPvCount(1).setConnectedCount(1)
                .setUpdatesPerSecond(0).setPublishedTotal(0).setCoalescedTotal(0).setCircuits(List.of(circuits))
                .build();
    }
}
