package io.pvstream.query;

import static io.pvstream.query.TestRecords.valueOnly;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.cluster.HttpPeerClient;
import io.pvstream.query.health.HealthService;

/**
 * Two API instances over real HTTP with the real {@link HttpPeerClient}; only the stores are in memory.
 * A owns the A:* PVs, B the B:* ones.
 */
class ForwardingBetweenInstancesTest {

    private static final HostInfo NOT_YET = new HostInfo("127.0.0.1", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemoryPvLookup lookupA = new InMemoryPvLookup(NOT_YET);
    private final InMemoryPvLookup lookupB = new InMemoryPvLookup(NOT_YET);
    private Javalin apiA;
    private Javalin apiB;
    private HostInfo hostA;
    private HostInfo hostB;

    @BeforeEach
    void startBoth() {
        apiA = start(lookupA);
        apiB = start(lookupB);
        hostA = new HostInfo("127.0.0.1", apiA.port());
        hostB = new HostInfo("127.0.0.1", apiB.port());
        lookupA.setSelf(hostA);
        lookupB.setSelf(hostB);
        lookupA.put(valueOnly("A:1", 1), valueOnly("A:2", 2), valueOnly("A:3", 3))
                .ownedBy("B:1", hostB).ownedBy("B:2", hostB).ownedBy("B:NOPE", hostB);
        lookupB.put(valueOnly("B:1", 10), valueOnly("B:2", 20))
                .ownedBy("A:1", hostA).ownedBy("A:2", hostA).ownedBy("A:3", hostA);
    }

    private static Javalin start(InMemoryPvLookup lookup) {
        HealthService health = new HealthService(lookup, new ApiTestSupport.SettableKafkaProbe(), Clock.systemUTC(), 3);
        PeerClient peers = new HttpPeerClient(Duration.ofSeconds(2), lookup::localHost);
        return ApiFactory.create(ApiFactory.Services.of(lookup, peers, health, Duration.ofSeconds(1))).start("127.0.0.1", 0);
    }

    @AfterEach
    void stopBoth() {
        apiA.stop();
        apiB.stop();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Answer get(Javalin api, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    @Test
    void eitherInstanceAnswersForEveryPv() throws Exception {
        Answer viaA = get(apiA, "/api/v1/pvs/B:1");
        assertThat(viaA.status()).isEqualTo(200);
        assertThat(viaA.body().path("value").asDouble()).isEqualTo(10.0);
        assertThat(viaA.raw().headers().firstValue(PeerClient.SERVED_BY)).contains("127.0.0.1:" + apiB.port());

        Answer viaB = get(apiB, "/api/v1/pvs/A:2");
        assertThat(viaB.body().path("value").asDouble()).isEqualTo(2.0);
        assertThat(viaB.raw().headers().firstValue(PeerClient.SERVED_BY)).contains("127.0.0.1:" + apiA.port());
    }

    @Test
    void theOwners404ComesBackUnchanged() throws Exception {
        Answer answer = get(apiA, "/api/v1/pvs/B:NOPE");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("message").asText()).isEqualTo("unknown PV B:NOPE");
    }

    @Test
    void instancesThatDisagreeAboutTheOwnerAnswer503InsteadOfLooping() throws Exception {
        lookupA.ownedBy("MOVING:1", hostB);
        lookupB.ownedBy("MOVING:1", hostA);

        Answer answer = get(apiA, "/api/v1/pvs/MOVING:1");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.raw().headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.body().path("message").asText()).contains("does not own MOVING:1");
    }

    @Test
    void listingMergesBothInstancesWhicheverIsAsked() throws Exception {
        for (Javalin api : List.of(apiA, apiB)) {
            List<String> names = new ArrayList<>();
            String after = "";
            do {
                JsonNode page = get(api, "/api/v1/pvs?limit=2&after=" + after).body();
                page.path("items").forEach(item -> names.add(item.path("name").asText()));
                after = page.path("next").isNull() ? null : page.path("next").asText();
            } while (after != null);
            assertThat(names).containsExactly("A:1", "A:2", "A:3", "B:1", "B:2");
        }
    }

    @Test
    void anOwnerThatIsGoneIs503() throws Exception {
        apiB.stop();

        Answer answer = get(apiA, "/api/v1/pvs/B:1");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body().path("message").asText()).contains("did not answer");
        assertThat(get(apiA, "/api/v1/pvs").status()).isEqualTo(503);
        assertThat(get(apiA, "/api/v1/pvs/A:1").status()).isEqualTo(200);
    }
}
