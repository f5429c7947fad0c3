package io.pvstream.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.lag.StoreLag;
import okhttp3.Response;
import io.pvstream.records.IsoTime;
import io.pvstream.query.health.HealthService;
import io.pvstream.query.health.KafkaProbe;

/** One API instance over in-memory services, and helpers to read its answers. */
class ApiTestSupport {

    static final HostInfo SELF = new HostInfo("127.0.0.1", 7001);
    static final HostInfo OTHER = new HostInfo("127.0.0.1", 7002);
    static final Instant NOW = IsoTime.instant(TestRecords.T0_NS).plusSeconds(60);
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryPvLookup lookup = new InMemoryPvLookup(SELF);
    final RecordingPeers peers = new RecordingPeers();
    final SettableKafkaProbe kafka = new SettableKafkaProbe();
    final SettableLag lag = new SettableLag();

    Javalin app() {
        return ApiFactory.create(services());
    }

    /** The PV and health parts; tests add the part they test. */
    ApiFactory.Services services() {
        HealthService health = new HealthService(lookup, kafka, Clock.fixed(NOW, ZoneOffset.UTC), 3, lag,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        return ApiFactory.Services.of(lookup, peers, health, RETRY_AFTER);
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Streams lag a test sets: nothing measured until it does. */
    static final class SettableLag implements StoreLag {
        volatile LagSample sample;
        final Map<String, Long> byPv = new ConcurrentHashMap<>();

        @Override
        public Optional<LagSample> latest() {
            return Optional.ofNullable(sample);
        }

        @Override
        public OptionalLong viewLagMs(String pv) {
            Long ms = byPv.get(pv);
            return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
        }
    }

    static final class SettableKafkaProbe implements KafkaProbe {
        volatile boolean reachable = true;

        @Override
        public String bootstrap() {
            return "127.0.0.1:9092";
        }

        @Override
        public boolean reachable() {
            return reachable;
        }
    }
}
