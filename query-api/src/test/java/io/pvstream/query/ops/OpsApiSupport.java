package io.pvstream.query.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.query.ApiFactory;
import io.pvstream.query.health.HealthService;
import io.pvstream.query.health.KafkaProbe;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;
import okhttp3.Response;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.Tag;
import io.pvstream.records.db.DatabaseStatus;

/** An API instance over in-memory operations services, and helpers to read its answers. */
class OpsApiSupport {

    static final HostInfo SELF = new HostInfo("127.0.0.1", 7001);
    static final HostInfo OTHER = new HostInfo("127.0.0.1", 7002);
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");
    static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano();
    static final long MAX_BODY = 64 * 1024;
    static final int MAX_PVS = 50;
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryPendingLookup pending = new InMemoryPendingLookup(SELF);
    final ScriptedPeers peers = new ScriptedPeers();
    final RecordingPublisher publisher = new RecordingPublisher();
    final InMemoryConfirmedRows<Configuration> configurations = new InMemoryConfirmedRows<>(Configuration::summary);
    final InMemoryConfirmedRows<Tag> tags = new InMemoryConfirmedRows<>(tag -> tag);
    final FakeDeadLetters deadLetters = new FakeDeadLetters();
    volatile FlowRates rates;
    volatile DatabaseStatus database = DatabaseStatus.UNKNOWN;
    private final AtomicLong nextId = new AtomicLong(1);

    Javalin app() {
        HealthService health = new HealthService(new NoPvs(), new UpKafka(), Clock.fixed(NOW, ZoneOffset.UTC), 3);
        OpsEndpoints ops = new OpsEndpoints(new OpsEndpoints.Parts(pending, peers, publisher, configurations, tags,
                deadLetters, () -> Optional.ofNullable(rates), () -> database, this::nextUuid,
                Clock.fixed(NOW, ZoneOffset.UTC), MAX_BODY, MAX_PVS));
        return ApiFactory.create(ApiFactory.Services.of(new NoPvs(), peers, health, Duration.ofSeconds(2))
                .withOps(ops).withMaxRequestBytes(MAX_BODY));
    }

    /** The n-th id the API hands out (entity and transaction ids come from the same sequence). */
    static String uuid(long n) {
        return new UUID(0, n).toString();
    }

    private UUID nextUuid() {
        return new UUID(0, nextId.getAndIncrement());
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No PV state at all: these tests are about operations records. */
    static final class NoPvs implements PvStateLookup {
        @Override
        public HostInfo localHost() {
            return SELF;
        }

        @Override
        public Optional<HostInfo> ownerOf(String pv) {
            return Optional.empty();
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
            return List.of();
        }

        @Override
        public KafkaStreams.State state() {
            return KafkaStreams.State.RUNNING;
        }
    }

    static final class UpKafka implements KafkaProbe {
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
