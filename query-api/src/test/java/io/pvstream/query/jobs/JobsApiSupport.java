package io.pvstream.query.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.query.ApiFactory;
import io.pvstream.query.health.HealthService;
import io.pvstream.records.IsoTime;
import io.pvstream.query.health.KafkaProbe;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;
import okhttp3.Response;

/** An API instance over in-memory job stores, scripted peers and settable heartbeats. */
class JobsApiSupport {

    static final HostInfo SELF = new HostInfo("127.0.0.1", 7001);
    static final HostInfo OTHER = new HostInfo("127.0.0.1", 7002);
    static final Instant NOW = IsoTime.instant(JobRecords.T0_NS).plusSeconds(60);
    static final long NOW_NS = IsoTime.epochNs(NOW);
    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryRestoreJobStores stores = new InMemoryRestoreJobStores(SELF);
    final Peers peers = new Peers();
    final Heartbeats heartbeats = new Heartbeats();

    JobsEndpoints endpoints() {
        return new JobsEndpoints(stores, peers, heartbeats, Clock.fixed(NOW, ZoneOffset.UTC), 3);
    }

    Javalin app() {
        HealthService health = new HealthService(heartbeats, new UpKafka(), Clock.fixed(NOW, ZoneOffset.UTC), 3);
        return ApiFactory.create(ApiFactory.Services.of(heartbeats, peers, health, Duration.ofSeconds(2))
                .withJobs(endpoints()).withMaxRequestBytes(1_000_000));
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peers answered by functions of the path; unknown peers refuse the connection. Logs what was asked. */
    static final class Peers implements PeerClient {
        private final Map<HostInfo, Function<String, PeerResponse>> answers = new HashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        Peers answer(HostInfo peer, Function<String, PeerResponse> answer) {
            answers.put(peer, answer);
            return this;
        }

        @Override
        public CompletableFuture<PeerResponse> get(HostInfo peer, String pathAndQuery) {
            asked.add(peer.port() + pathAndQuery);
            Function<String, PeerResponse> answer = answers.get(peer);
            return answer == null
                    ? CompletableFuture.failedFuture(new java.net.ConnectException("connection refused (test)"))
                    : CompletableFuture.completedFuture(answer.apply(pathAndQuery));
        }
    }

    static PeerClient.PeerResponse answer(int status, String body) {
        return new PeerClient.PeerResponse(status, "application/json", body,
                Map.of(PeerClient.SERVED_BY.toLowerCase(java.util.Locale.ROOT), "127.0.0.1:7002"));
    }

    /** No PVs; heartbeats as set. */
    static final class Heartbeats implements PvStateLookup {
        final List<IngestHeartbeat> beats = new CopyOnWriteArrayList<>();

        @Override
        public HostInfo localHost() {
            return SELF;
        }

        @Override
        public Optional<HostInfo> ownerOf(String pv) {
            return Optional.of(SELF);
        }

        @Override
        public Optional<PvState> getLocal(String pv) {
            return Optional.empty();
        }

        @Override
        public List<PvState> scanLocal(String prefix, String after, int limit) {
            return List.of();
        }

        @Override
        public Collection<HostInfo> allHosts() {
            return List.of(SELF);
        }

        @Override
        public List<IngestHeartbeat> heartbeats() {
            return List.copyOf(beats);
        }

        @Override
        public KafkaStreams.State state() {
            return KafkaStreams.State.RUNNING;
        }
    }

    private static final class UpKafka implements KafkaProbe {
        @Override
        public String bootstrap() {
            return "127.0.0.1:9092";
        }

        @Override
        public boolean reachable() {
            return true;
        }
    }
}
