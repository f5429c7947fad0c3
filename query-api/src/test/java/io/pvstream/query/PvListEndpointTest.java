package io.pvstream.query;

import static io.pvstream.query.TestRecords.valueOnly;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import okhttp3.Response;
import io.pvstream.query.pv.PvListController;

/** GET /api/v1/pvs: paging by name cursor, validation, merging the pages of other instances. */
class PvListEndpointTest extends ApiTestSupport {

    private void storePvs(int count) {
        IntStream.range(0, count).forEach(i -> lookup.put(valueOnly(String.format("PV:%03d", i), i)));
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        storePvs(250);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(client.get("/api/v1/pvs?limit=100"));
            assertThat(names(first)).hasSize(100).startsWith("PV:000").endsWith("PV:099");
            assertThat(first.path("next").asText()).isEqualTo("PV:099");

            JsonNode second = json(client.get("/api/v1/pvs?limit=100&after=PV:099"));
            assertThat(names(second)).startsWith("PV:100").endsWith("PV:199");
            assertThat(second.path("next").asText()).isEqualTo("PV:199");

            JsonNode last = json(client.get("/api/v1/pvs?limit=100&after=PV:199"));
            assertThat(names(last)).hasSize(50).endsWith("PV:249");
            assertThat(last.get("next").isNull()).isTrue();
        });
    }

    @Test
    void aFullLastPageHasNoNext() {
        storePvs(200);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode last = json(client.get("/api/v1/pvs?limit=100&after=PV:099"));
            assertThat(names(last)).hasSize(100);
            assertThat(last.get("next").isNull()).isTrue();
        });
    }

    @Test
    void defaultLimitIs100() {
        storePvs(150);
        JavalinTest.test(app(), (server, client) ->
                assertThat(names(json(client.get("/api/v1/pvs")))).hasSize(100));
    }

    @Test
    void prefixAndCursorCombine() {
        lookup.put(valueOnly("A:1", 1), valueOnly("B:1", 1), valueOnly("B:2", 1), valueOnly("B:3", 1), valueOnly("C:1", 1));
        JavalinTest.test(app(), (server, client) -> {
            assertThat(names(json(client.get("/api/v1/pvs?prefix=B:")))).containsExactly("B:1", "B:2", "B:3");
            JsonNode page = json(client.get("/api/v1/pvs?prefix=B:&after=B:1&limit=1"));
            assertThat(names(page)).containsExactly("B:2");
            assertThat(page.path("next").asText()).isEqualTo("B:2");
            JsonNode none = json(client.get("/api/v1/pvs?prefix=Z:"));
            assertThat(none.path("items").isEmpty()).isTrue();
            assertThat(none.get("next").isNull()).isTrue();
        });
    }

    @Test
    void desiredPvsNotSeenYetAreListedInNameOrderAsNeverConnected() {
        lookup.put(valueOnly("B:1", 1), valueOnly("B:3", 3), valueOnly("C:1", 1))
                .desire("A:9", "B:1", "B:2", "B:3", "B:4", "C:0");
        JavalinTest.test(app(), (server, client) -> {
            JsonNode page = json(client.get("/api/v1/pvs?prefix=B:&limit=3"));
            assertThat(names(page)).as("a name in both stores once, with its state")
                    .containsExactly("B:1", "B:2", "B:3");
            assertThat(page.path("next").asText()).isEqualTo("B:3");
            JsonNode items = page.path("items");
            assertThat(items.get(0).path("value").asInt()).isEqualTo(1);
            assertThat(items.get(0).path("neverConnected").asBoolean()).isFalse();
            assertThat(items.get(1).path("neverConnected").asBoolean()).isTrue();
            assertThat(items.get(1).path("connected").asBoolean()).isFalse();
            assertThat(items.get(1).get("value").isNull()).isTrue();

            JsonNode rest = json(client.get("/api/v1/pvs?prefix=B:&limit=3&after=B:3"));
            assertThat(names(rest)).containsExactly("B:4");
            assertThat(rest.get("next").isNull()).isTrue();
            assertThat(names(json(client.get("/api/v1/pvs?limit=100"))))
                    .containsExactly("A:9", "B:1", "B:2", "B:3", "B:4", "C:0", "C:1");
        });
    }

    @Test
    void badLimitIs400() {
        JavalinTest.test(app(), (server, client) -> {
            for (String limit : List.of("0", "1001", "-5", "abc", "1.5")) {
                Response response = client.get("/api/v1/pvs?limit=" + limit);
                assertThat(response.code()).as("limit=%s", limit).isEqualTo(400);
                JsonNode error = json(response);
                assertThat(error.path("error").asText()).isEqualTo("bad_request");
                assertThat(error.path("message").asText()).startsWith("limit:");
            }
            assertThat(client.get("/api/v1/pvs?limit=1000").code()).isEqualTo(200);
            assertThat(client.get("/api/v1/pvs?limit=").code()).as("empty = not given").isEqualTo(200);
        });
    }

    @Test
    void pagesOfOtherInstancesAreMergedInNameOrder() {
        lookup.put(valueOnly("PV:1", 1), valueOnly("PV:3", 3), valueOnly("PV:5", 5));
        lookup.withPeer(OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200,
                "{\"items\":[{\"name\":\"PV:2\",\"value\":2},{\"name\":\"PV:4\",\"value\":4}]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode page = json(client.get("/api/v1/pvs?prefix=PV:&limit=4&after=PV:0"));
            assertThat(names(page)).containsExactly("PV:1", "PV:2", "PV:3", "PV:4");
            assertThat(page.path("next").asText()).isEqualTo("PV:4");
            assertThat(page.path("items").get(1).path("value").asInt()).isEqualTo(2);
            // each instance is asked for one more than the page, to know whether another page follows
            assertThat(peers.requests).singleElement().satisfies(request -> assertThat(request.pathAndQuery())
                    .isEqualTo(PvListController.LOCAL_PATH + "?limit=5&prefix=PV%3A&after=PV%3A0"));
        });
    }

    @Test
    void anInstanceThatCannotAnswerMakesTheListing503() {
        lookup.put(valueOnly("PV:1", 1));
        lookup.withPeer(OTHER); // no answer registered: connection refused
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(json(response).path("message").asText()).contains("127.0.0.1:7002");
        });
    }

    @Test
    void anInstanceAnswering503MakesTheListing503() {
        lookup.withPeer(OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(503, "{\"error\":\"unavailable\",\"message\":\"rebalancing\"}"));
        JavalinTest.test(app(), (server, client) -> assertThat(client.get("/api/v1/pvs").code()).isEqualTo(503));
    }

    @Test
    void listingWhileNotRunningIs503() {
        lookup.setState(KafkaStreams.State.REBALANCING);
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs");
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response).path("error").asText()).isEqualTo("unavailable");
        });
    }

    @Test
    void internalEndpointServesTheLocalPartOnly() {
        storePvs(3);
        lookup.withPeer(OTHER);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode local = json(client.get(PvListController.LOCAL_PATH + "?limit=1001&prefix=PV:&after=PV:000"));
            assertThat(names(local)).containsExactly("PV:001", "PV:002");
            assertThat(client.get(PvListController.LOCAL_PATH + "?limit=1002").code()).isEqualTo(400);
            assertThat(peers.requests).isEmpty();
        });
    }
}
