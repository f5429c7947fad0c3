package io.pvstream.query.snapshots;

import static io.pvstream.query.snapshots.SnapshotTestValues.neverSeen;
import static io.pvstream.query.snapshots.SnapshotTestValues.number;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.query.http.Json;
import io.pvstream.records.DomainException.NotFound;
import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.snapshots.Snapshot;
import io.pvstream.records.snapshots.SnapshotCompare;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.records.snapshots.SnapshotQuery;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.records.snapshots.SnapshotRequest;
import io.pvstream.records.snapshots.SavedValuesCache;
import io.pvstream.records.snapshots.SnapshotService;
import io.pvstream.records.snapshots.SnapshotValue;
import okhttp3.Response;

/** The snapshot routes against a fake {@link SnapshotService}: what they parse, what they render, which status. */
class SnapshotRoutesTest {

    private static final String ID = "0b7e3a52-6d1f-4c1e-9a51-2f1e8a1c0d01";
    private static final String OTHER = "5c2d9e40-1b3a-4f6e-8d7c-3a2b1c0d9e8f";
    private static final ObjectMapper MAPPER = Json.newMapper();

    private final FakeSnapshots snapshots = new FakeSnapshots();
    private final SavedValuesCache saved = new SavedValuesCache(1_000);

    private Javalin app() {
        SnapshotConfig.Settings settings = new SnapshotConfig.Settings(1_000, 100_000, Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofSeconds(5), 1_000);
        SnapshotRoutes routes = new SnapshotRoutes(snapshots, saved, settings,
                Clock.fixed(Instant.parse("2026-11-23T03:12:00Z"), ZoneOffset.UTC), 100_000, MAPPER);
        Javalin app = Javalin.create(config -> config.router.apiBuilder(routes::addRoutes));
        ApiErrorHandlers.register(app, Duration.ofSeconds(2));
        return app;
    }

    @Test
    void aSnapshotIsTakenFromTheParsedRequestAndAnswered201WithItsLocation() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.post("/api/v1/snapshots",
                    "{\"name\":\"before shutdown\",\"pvs\":[\"SIM:B\",\"SIM:A\"],\"tags\":[\"run-7\"]}",
                    builder -> builder.header("X-Pvstream-Author", "alice"));
            assertThat(response.code()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/api/v1/snapshots/" + ID);
            assertThat(response.header("Server-Timing")).startsWith("read;dur=12;").contains(", write;dur=34;");
            assertThat(json(response).path("id").asText()).isEqualTo(ID);
            assertThat(snapshots.taken).singleElement().satisfies(request -> {
                assertThat(request.name()).isEqualTo("before shutdown");
                assertThat(request.pvs()).containsExactly("SIM:B", "SIM:A");
                assertThat(request.tags()).containsExactly("run-7");
            });
            assertThat(snapshots.authors).containsExactly("alice");
        });
    }

    @Test
    void aBadRequestIs400AndTakesNothing() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.post("/api/v1/snapshots", "{\"name\":\"\",\"pvs\":[],\"colour\":1}");
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = json(response);
            assertThat(error.path("error").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).contains("colour: unknown field");
            assertThat(client.post("/api/v1/snapshots", "not json").code()).isEqualTo(400);
            assertThat(snapshots.taken).isEmpty();
        });
    }

    @Test
    void readingPagesTheValuesInNameOrder() {
        snapshots.values = List.of(number("SIM:A", 1), number("SIM:B", 2), neverSeen("SIM:C"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(client.get("/api/v1/snapshots/" + ID + "?limit=2"));
            assertThat(first.path("id").asText()).isEqualTo(ID);
            assertThat(first.path("values").findValuesAsText("name")).containsExactly("SIM:A", "SIM:B");
            assertThat(first.path("nextAfter").asText()).isEqualTo("SIM:B");
            JsonNode second = json(client.get("/api/v1/snapshots/" + ID + "?limit=2&after=SIM:B"));
            assertThat(second.path("values").findValuesAsText("name")).containsExactly("SIM:C");
            assertThat(second.path("nextAfter").isNull()).isTrue();
        });
    }

    @Test
    void aWholeReadIsTheHeaderAndEveryValueTheSameAsAPagesBody() {
        saved.put(ID, List.of(number("SIM:A", 1), number("SIM:B", 2), neverSeen("SIM:C")));
        snapshots.values = saved.get(ID).orElseThrow(); // as the reader hands out the values it keeps
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/snapshots/" + ID + "?limit=3");
            assertThat(response.header("Content-Type")).startsWith("application/json");
            String whole = response.body().string();
            JsonNode body = MAPPER.readTree(whole);
            assertThat(body.path("id").asText()).isEqualTo(ID);
            assertThat(body.path("values").findValuesAsText("name")).containsExactly("SIM:A", "SIM:B", "SIM:C");
            assertThat(body.path("values").get(0).path("value").asDouble()).isEqualTo(1.0);
            assertThat(body.path("values").get(2).path("state").asText()).isEqualTo("never_seen");
            assertThat(body.has("nextAfter") && body.path("nextAfter").isNull()).isTrue();
            JsonNode page = json(client.get("/api/v1/snapshots/" + ID + "?limit=2"));
            assertThat(page.path("values").get(1)).isEqualTo(body.path("values").get(1));
            assertThat(client.get("/api/v1/snapshots/" + ID + "?limit=50000").body().string())
                    .as("read again: the values' JSON kept with them").isEqualTo(whole);
        });
    }

    @Test
    void limitZeroAnswersTheHeaderWithoutReadingAnyValue() {
        snapshots.values = List.of(number("SIM:A", 1));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode header = json(client.get("/api/v1/snapshots/" + ID + "?limit=0"));
            assertThat(header.path("id").asText()).isEqualTo(ID);
            assertThat(header.path("state").asText()).isEqualTo("replicated");
            assertThat(header.path("values").isEmpty()).isTrue();
            assertThat(snapshots.reads).isZero();
            assertThat(client.get("/api/v1/snapshots/" + ID + "?limit=-1").code()).isEqualTo(400);
        });
    }

    @Test
    void csvStreamsEveryValue() {
        snapshots.values = List.of(number("SIM:A", 1.5), neverSeen("SIM:C"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/snapshots/" + ID + "?format=csv");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/csv");
            String[] lines = response.body().string().split("\n");
            assertThat(lines[0]).startsWith("name,state,value,kind,timestamp");
            assertThat(lines).hasSize(3);
            assertThat(lines[1]).startsWith("SIM:A,ok,1.5,");
            assertThat(lines[2]).startsWith("SIM:C,never_seen,");
        });
    }

    @Test
    void domainErrorsBecomeTheirStatusWithAJsonBody() {
        JavalinTest.test(app(), (server, client) -> {
            snapshots.failure = new NotFound("unknown snapshot " + ID);
            Response missing = client.get("/api/v1/snapshots/" + ID);
            assertThat(missing.code()).isEqualTo(404);
            assertThat(json(missing).path("error").asText()).isEqualTo("not_found");

            snapshots.failure = new Unavailable("the buffer is down");
            Response unavailable = client.get("/api/v1/snapshots/" + ID);
            assertThat(unavailable.code()).isEqualTo(503);
            assertThat(unavailable.header("Retry-After")).isEqualTo("2");
            assertThat(json(unavailable).path("message").asText()).isEqualTo("the buffer is down");

            snapshots.failure = new DatabaseUnavailableException("no database answers");
            Response noDatabase = client.get("/api/v1/snapshots");
            assertThat(noDatabase.code()).isEqualTo(503);
            assertThat(json(noDatabase).path("error").asText()).isEqualTo("unavailable");
            assertThat(json(client.get("/api/v1/snapshots/not-a-uuid")).path("message").asText())
                    .startsWith("id: must be a snapshot id");
        });
    }

    @Test
    void listingPassesTheFiltersAndRefusesAnEmptyRange() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/snapshots?tag=run-7&q=shutdown&limit=5");
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("nextCursor").isNull()).isTrue();
            assertThat(snapshots.queries).singleElement().satisfies(query -> {
                assertThat(query.tag()).isEqualTo("run-7");
                assertThat(query.nameContains()).isEqualTo("shutdown");
                assertThat(query.limit()).isEqualTo(5);
            });
            Response backwards = client.get("/api/v1/snapshots?from=2026-11-23T04:00:00Z&to=2026-11-23T03:00:00Z");
            assertThat(backwards.code()).isEqualTo(400);
            assertThat(json(backwards).path("message").asText()).isEqualTo("from: must not be after to");
        });
    }

    @Test
    void compareRendersTheSummaryAndTheItemsUpToTheLimit() {
        snapshots.values = List.of(number("SIM:A", 1), number("SIM:B", 2));
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/api/v1/snapshots/" + ID + "/compare").code()).isEqualTo(400);
            assertThat(client.get("/api/v1/snapshots/" + ID + "/compare?with=yesterday").code()).isEqualTo(400);
            assertThat(client.get("/api/v1/snapshots/" + ID + "/compare?with=live&tolAbs=-1").code()).isEqualTo(400);

            JsonNode body = json(client.get("/api/v1/snapshots/" + ID + "/compare?with=" + OTHER + "&tolAbs=0.5&limit=1"));
            assertThat(snapshots.compared).containsExactly(OTHER + " abs=0.5");
            assertThat(body.path("snapshotId").asText()).isEqualTo(ID);
            assertThat(body.path("summary").path("total").asInt()).isEqualTo(2);
            assertThat(body.path("summary").path("different").asInt()).isEqualTo(1);
            assertThat(body.path("items")).hasSize(1);
            assertThat(body.path("items").get(0).path("outcome").asText()).isEqualTo("different");
            assertThat(body.path("truncated").asBoolean()).isTrue();
        });
    }

    @Test
    void compareWithTheArchiveNeedsATimeAndSortsByDeviationWhenAsked() {
        snapshots.values = List.of(number("SIM:A", 1), number("SIM:B", 2));
        JavalinTest.test(app(), (server, client) -> {
            Response noTime = client.get("/api/v1/snapshots/" + ID + "/compare?with=archive");
            assertThat(noTime.code()).isEqualTo(400);
            assertThat(json(noTime).path("message").asText()).contains("at");
            assertThat(client.get("/api/v1/snapshots/" + ID + "/compare?with=archive&at=yesterday").code())
                    .isEqualTo(400);
            assertThat(client.get("/api/v1/snapshots/" + ID + "/compare?with=live&sort=size").code()).isEqualTo(400);
            assertThat(snapshots.compared).isEmpty();

            JsonNode body = json(client.get("/api/v1/snapshots/" + ID
                    + "/compare?with=archive&at=2026-11-23T02:00:00Z&sort=deviation"));
            assertThat(snapshots.compared).containsExactly("archive at 2026-11-23T02:00:00Z");
            assertThat(body.path("at").asText()).isEqualTo("2026-11-23T02:00:00Z");
            assertThat(body.path("sort").asText()).isEqualTo("deviation");
            assertThat(body.path("items")).extracting(item -> item.path("name").asText())
                    .as("B is 4 tolerances off, A half of one").containsExactly("SIM:B", "SIM:A");
            assertThat(body.path("items").get(0).path("ratio").asDouble()).isEqualTo(4.0);

            JsonNode byOutcome = json(client.get("/api/v1/snapshots/" + ID
                    + "/compare?with=archive&at=2026-11-23T02:00:00Z"));
            assertThat(byOutcome.path("items").get(0).path("name").asText()).as("the service's order").isEqualTo("SIM:A");
        });
    }

    private static JsonNode json(Response response) throws IOException {
        return MAPPER.readTree(response.body().string());
    }

    /** Answers from what the test sets; records what it was asked. */
    private static final class FakeSnapshots implements SnapshotService {
        final List<SnapshotRequest> taken = new ArrayList<>();
        final List<String> authors = new ArrayList<>();
        final List<SnapshotQuery> queries = new ArrayList<>();
        final List<String> compared = new ArrayList<>();
        List<SnapshotValue> values = List.of();
        RuntimeException failure;
        int reads;

        @Override
        public ObjectNode header(String id) {
            failIfAsked();
            return MAPPER.createObjectNode().put("id", id).put("state", "replicated");
        }

        @Override
        public Taken take(SnapshotRequest request, String author) {
            taken.add(request);
            authors.add(author);
            ObjectNode item = MAPPER.createObjectNode().put("id", ID).put("state", "pending");
            item.putArray("notOk");
            return new Taken(ID, item, 12, 34);
        }

        @Override
        public SnapshotReader.Page list(SnapshotQuery query) {
            failIfAsked();
            queries.add(query);
            return new SnapshotReader.Page(List.of(), null);
        }

        @Override
        public SnapshotReader.Loaded read(String id) {
            failIfAsked();
            reads++;
            Snapshot header = new Snapshot(id, "tx-1", "n", null, List.of(), "2026-11-23T03:00:00Z", null, "live", null,
                    null, null, values.size(), 1, null, Map.of(), "2026-11-23T03:00:00Z");
            return new SnapshotReader.Loaded(MAPPER.createObjectNode().put("id", id), header, values);
        }

        @Override
        public SnapshotCompare.Result compare(String id, String with, SnapshotCompare.Tolerance override) {
            compared.add(with + " abs=" + override.abs());
            SnapshotValue a = values.get(0);
            SnapshotValue b = values.get(1);
            return new SnapshotCompare.Result(2, 1, 1, 0, 0, List.of(
                    new SnapshotCompare.Item(b.pv(), SnapshotCompare.Outcome.DIFFERENT, b, a, 1.0, null),
                    new SnapshotCompare.Item(a.pv(), SnapshotCompare.Outcome.EQUAL, a, a, 0.0, null)));
        }

        @Override
        public SnapshotCompare.Result compareWithPast(String id, Instant at, SnapshotCompare.Tolerance override) {
            compared.add("archive at " + at);
            SnapshotValue a = values.get(0);
            SnapshotValue b = values.get(1);
            return new SnapshotCompare.Result(2, 0, 2, 0, 0, List.of(
                    new SnapshotCompare.Item(a.pv(), SnapshotCompare.Outcome.DIFFERENT, a, b, 1.0, 0.5),
                    new SnapshotCompare.Item(b.pv(), SnapshotCompare.Outcome.DIFFERENT, b, a, -1.0, 4.0)));
        }

        private void failIfAsked() {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
