package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import okhttp3.Response;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.catalog.ConfigurationInput;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.records.catalog.ConfigurationWrites;

/** Listings that merge the database with every instance's pending entries, and reads routed to the owner. */
class OpsListAndRoutingTest extends OpsApiSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aListingMergesDatabaseAndPendingInNameOrderWithACursor() {
        configurations.put(ConfigurationEndpointTest.configuration(uuid(101), "beam"));
        configurations.put(ConfigurationEndpointTest.configuration(uuid(102), "dump"));
        configurations.put(ConfigurationEndpointTest.configuration(uuid(103), "renamed in the buffer"));
        pending.add(create(uuid(201), "alpha"), PendingState.PENDING);
        pending.add(update(uuid(103), "cavity"), PendingState.COMMITTED);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(client.get("/api/v1/configurations?limit=2"));
            assertThat(first.path("items").findValuesAsText("name")).containsExactly("alpha", "beam");
            assertThat(first.path("items").findValuesAsText("state")).containsExactly("pending", "committed");
            assertThat(first.path("database").asText()).isEqualTo("available");
            assertThat(configurations.lastQuery.excludedIds()).as("the overlay decides about these")
                    .containsExactlyInAnyOrder(uuid(201), uuid(103));
            assertThat(configurations.lastQuery.limit()).isEqualTo(3);

            JsonNode second = json(client.get("/api/v1/configurations?limit=2&after=" + first.path("next").asText()));
            assertThat(second.path("items").findValuesAsText("name")).containsExactly("cavity", "dump");
            assertThat(second.path("items").get(0).path("state").asText()).isEqualTo("committed");
            assertThat(second.path("items").get(0).path("pvCount").asInt()).isEqualTo(0);
            assertThat(second.path("items").get(0).has("pvs")).isFalse();
            assertThat(second.path("next").isNull()).as("nothing after dump").isTrue();

            JsonNode filtered = json(client.get("/api/v1/configurations?name=AV"));
            assertThat(filtered.path("items").findValuesAsText("name")).containsExactly("cavity");
        });
    }

    @Test
    void badListParametersAre400() {
        JavalinTest.test(app(), (server, client) -> {
            for (String query : List.of("limit=0", "limit=1001", "limit=x", "after=not-a-cursor")) {
                Response response = client.get("/api/v1/configurations?" + query);
                assertThat(response.code()).as(query).isEqualTo(400);
                assertThat(json(response).path("error").asText()).isEqualTo("bad_request");
            }
        });
    }

    @Test
    void aListingAsksEveryInstanceForItsPendingEntriesInListForm() {
        pending.withPeer(OTHER);
        String remote = uuid(301);
        peers.answer(OTHER, path -> ScriptedPeers.json(200, "{\"items\":[" + versionJson(remote, "zeta") + "]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode page = json(client.get("/api/v1/tags"));
            assertThat(page.path("items").findValuesAsText("name")).containsExactly("zeta");
            assertThat(peers.requests).containsExactly(new ScriptedPeers.Request(OTHER,
                    "/api/v1/internal/ops/pending?type=tag&listForm=true"));
        });
    }

    @Test
    void aListingIs503WhenAnInstanceDoesNotAnswer() {
        pending.withPeer(OTHER); // no answer scripted: connection refused
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/tags");
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response).path("message").asText()).contains("127.0.0.1:7002");
        });
    }

    @Test
    void anEntityOfAnotherInstanceIsReadFromItsOwnerAndMergedHere() {
        String id = uuid(301);
        pending.ownedBy(id, OTHER);
        peers.answer(OTHER, path -> ScriptedPeers.json(200, "{\"items\":[" + versionJson(id, "remote") + "]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode item = json(client.get("/api/v1/tags/" + id));
            assertThat(item.path("name").asText()).isEqualTo("remote");
            assertThat(item.path("state").asText()).isEqualTo("pending");
            assertThat(peers.requests).containsExactly(new ScriptedPeers.Request(OTHER,
                    "/api/v1/internal/ops/pending/" + id));
        });
    }

    @Test
    void noKnownOwnerOrAStoreNotReadyIs503() {
        JavalinTest.test(app(), (server, client) -> {
            pending.setOwnersKnown(false);
            Response unknownOwner = client.get("/api/v1/tags/" + uuid(5));
            assertThat(unknownOwner.code()).isEqualTo(503);
            assertThat(json(unknownOwner).path("message").asText()).contains("not known now");
            pending.setOwnersKnown(true);
            pending.setReady(false);
            assertThat(client.get("/api/v1/tags/" + uuid(5)).code()).isEqualTo(503);
            assertThat(client.get("/api/v1/tags").code()).isEqualTo(503);
            assertThat(client.post("/api/v1/tags", "{\"name\":\"writes need no store\"}").code()).isEqualTo(201);
        });
    }

    @Test
    void theInternalEndpointsServeThisInstancesEntriesOnly() {
        String local = uuid(401);
        String remote = uuid(402);
        pending.ownedBy(remote, OTHER);
        OpsTransaction tx = create(local, "here");
        pending.add(tx, PendingState.PENDING);
        JavalinTest.test(app(), (server, client) -> {
            JsonNode items = json(client.get("/api/v1/internal/ops/pending/" + local)).path("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).path("txId").asText()).isEqualTo(tx.getTxId());
            assertThat(items.get(0).path("operation").asText()).isEqualTo("CREATE");
            assertThat(items.get(0).path("entity").path("pvs").size()).isEqualTo(1);
            JsonNode stateOnly = json(client.get("/api/v1/internal/ops/pending/" + local + "?types=snapshot,tag"))
                    .path("items").get(0);
            assertThat(stateOnly.path("txId").asText()).isEqualTo(tx.getTxId());
            assertThat(stateOnly.path("state").asText()).isEqualTo("pending");
            assertThat(stateOnly.path("entity").isNull()).as("not a type asked for: its state alone").isTrue();
            assertThat(json(client.get("/api/v1/internal/ops/pending/" + local + "?types=configuration"))
                    .path("items").get(0).path("entity").path("name").asText()).isEqualTo("here");

            assertThat(client.get("/api/v1/internal/ops/pending/" + remote).code()).isEqualTo(503);

            JsonNode ofType = json(client.get("/api/v1/internal/ops/pending?type=configuration&listForm=true"));
            assertThat(ofType.path("items").get(0).path("entity").has("pvs")).isFalse();
            assertThat(ofType.path("items").get(0).path("entity").path("pvCount").asInt()).isEqualTo(1);

            JsonNode summary = json(client.get("/api/v1/internal/ops/summary"));
            assertThat(summary.path("count").asLong()).isEqualTo(1);
            assertThat(summary.path("oldestBufferedNs").asLong()).isEqualTo(NOW_NS);
        });
    }

    private static OpsTransaction create(String id, String name) {
        return ConfigurationWrites.create(new TxDraft("tx-" + id, NOW_NS, null), id, new ConfigurationInput(name, null,
                List.of(new ConfigurationPv("SIM:A", null, null, false))), MAPPER).tx();
    }

    private static OpsTransaction update(String id, String name) {
        return ConfigurationWrites.update(new TxDraft("tx-u-" + id, NOW_NS + 1, null),
                ConfigurationEndpointTest.configuration(id, "old"), new ArrayList<>(),
                new ConfigurationInput(name, null, List.of()), MAPPER).tx();
    }

    private static String versionJson(String id, String name) {
        return "{\"txId\":\"tx-" + id + "\",\"entityId\":\"" + id + "\",\"entityType\":\"tag\",\"operation\":\"CREATE\","
                + "\"state\":\"pending\",\"bufferedNs\":" + NOW_NS + ",\"overdue\":false,\"entity\":{\"id\":\"" + id
                + "\",\"txId\":\"tx-" + id + "\",\"name\":\"" + name + "\",\"description\":null,"
                + "\"updatedAt\":\"2026-03-01T12:00:00.123Z\"}}";
    }
}
