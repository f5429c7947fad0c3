package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import okhttp3.Response;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.catalog.TagInput;
import io.pvstream.records.catalog.TagWrites;
import io.pvstream.records.db.DatabaseStatus;

/** /api/v1/health/buffer and the dead-letter endpoints, over fakes. */
class BufferHealthAndDlqTest extends OpsApiSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theBufferReportAddsUpEveryInstanceAndShowsRatesAndTheDatabase() {
        pending.add(tag("a", NOW_NS - 4_000_000_000L), PendingState.PENDING);
        pending.add(tag("b", NOW_NS - 1_000_000_000L), PendingState.COMMITTED);
        pending.addOverdue(tag("c", NOW_NS - 90_000_000_000L));
        pending.withPeer(OTHER);
        peers.answer(OTHER, path -> ScriptedPeers.json(200, "{\"count\":2,\"pendingCount\":2,\"committedCount\":0,"
                + "\"overdueCount\":0,\"oldestBufferedNs\":" + (NOW_NS - 100_000_000_000L) + "}"));
        rates = new FlowRates(12.5, 3.0, 4, "2026-03-01T11:59:58Z");
        database = new DatabaseStatus(new DatabaseStatus.Primary(true, "0/3000148", null, "2026-03-01T11:59:59Z"),
                new DatabaseStatus.Replica("127.0.0.1:5433", true, "0/3000060", 232L, 0.4, null, "2026-03-01T11:59:59Z"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health/buffer");
            assertThat(response.code()).isEqualTo(200);
            JsonNode report = json(response);
            JsonNode counts = report.path("pending");
            assertThat(counts.path("count").asLong()).isEqualTo(5);
            assertThat(counts.path("pendingCount").asLong()).isEqualTo(4);
            assertThat(counts.path("committedCount").asLong()).isEqualTo(1);
            assertThat(counts.path("overdueCount").asLong()).isEqualTo(1);
            assertThat(counts.path("oldestAgeSeconds").asDouble()).isEqualTo(100.0);
            assertThat(counts.path("oldestBufferedAt").asText()).isEqualTo("2026-03-01T11:58:20.123456789Z");
            assertThat(report.path("deadLetters").asLong()).isEqualTo(4);
            assertThat(report.path("rates").path("applyPerSecond").asDouble()).isEqualTo(12.5);
            assertThat(report.path("rates").path("confirmPerSecond").asDouble()).isEqualTo(3.0);
            assertThat(report.path("database").path("primary").path("lsn").asText()).isEqualTo("0/3000148");
            JsonNode replica = report.path("database").path("replica");
            assertThat(replica.path("replayLsn").asText()).isEqualTo("0/3000060");
            assertThat(replica.path("lagBytes").asLong()).isEqualTo(232);
            assertThat(replica.path("lagSeconds").asDouble()).isEqualTo(0.4);
            assertThat(report.path("problems").size()).isZero();
        });
    }

    @Test
    void anEmptyBufferOnEveryInstanceIsCountedAsZeroWithNoOldestEntry() {
        pending.withPeer(OTHER);
        peers.answer(OTHER, path -> ScriptedPeers.json(200, "{\"count\":0,\"pendingCount\":0,\"committedCount\":0,"
                + "\"overdueCount\":0,\"oldestBufferedNs\":null}"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health/buffer");
            assertThat(response.code()).isEqualTo(200);
            JsonNode counts = json(response).path("pending");
            assertThat(counts.path("count").asLong()).isZero();
            assertThat(counts.path("oldestBufferedAt").isNull()).isTrue();
            assertThat(counts.path("oldestAgeSeconds").isNull()).isTrue();
        });
    }

    @Test
    void whatIsUnknownIsSaidNotHidden() {
        pending.setReady(false);
        database = new DatabaseStatus(new DatabaseStatus.Primary(false, null, "unreachable, SQLState 08001", "t"), null);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode report = json(client.get("/api/v1/health/buffer"));
            assertThat(report.path("pending").isNull()).isTrue();
            assertThat(report.path("rates").isNull()).isTrue();
            assertThat(report.path("database").path("replica").isNull()).isTrue();
            assertThat(report.path("problems").toString()).contains("pending counts unknown", "not sampled yet",
                    "primary: unreachable, SQLState 08001");
        });
    }

    @Test
    void deadLettersAreListedWithTheirErrorAndReplayedToTheirTopic() {
        deadLetters.add(FakeDeadLetters.applyRow(0, "ops.apply.configuration"))
                .add(FakeDeadLetters.applyRow(1, "ops.apply.tag"))
                .add(FakeDeadLetters.applyRow(2, "something.else"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(client.get("/api/v1/ops/dlq?limit=2"));
            assertThat(first.path("items").findValuesAsText("originalTopic"))
                    .containsExactly("ops.apply.configuration", "ops.apply.tag");
            assertThat(first.path("items").get(0).path("errorClass").asText()).contains("ConnectException");
            assertThat(first.path("items").get(0).path("errorMessage").asText()).contains("value too long");
            assertThat(first.path("items").get(0).path("key").asText()).contains("payload");
            assertThat(first.path("next").asText()).isEqualTo("1");
            assertThat(json(client.get("/api/v1/ops/dlq?after=1")).path("items").findValuesAsText("offset"))
                    .containsExactly("2");

            Response replayed = client.post("/api/v1/ops/dlq/1/replay");
            assertThat(replayed.code()).isEqualTo(202);
            assertThat(json(replayed).path("topic").asText()).isEqualTo("ops.apply.tag");
            assertThat(deadLetters.replayed).containsExactly(1L);

            Response unknown = client.post("/api/v1/ops/dlq/99/replay");
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(json(unknown).path("error").asText()).isEqualTo("not_found");
            assertThat(client.post("/api/v1/ops/dlq/2/replay").code()).as("not an apply topic").isEqualTo(409);
            assertThat(client.post("/api/v1/ops/dlq/x/replay").code()).isEqualTo(400);
            assertThat(deadLetters.replayed).containsExactly(1L);
        });
    }

    @Test
    void kafkaTroubleWithTheDeadLettersIs503() {
        deadLetters.failure = new org.apache.kafka.common.errors.TimeoutException("no broker (test)");
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/ops/dlq");
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response).path("message").asText()).contains("ops.tx.dlq");
        });
    }

    private static OpsTransaction tag(String id, long bufferedNs) {
        return TagWrites.create(new TxDraft("tx-" + id, bufferedNs, null), id, new TagInput(id, null), MAPPER).tx();
    }
}
