package io.pvstream.query;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.config.types.Password;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.query.schemas.SchemaRoutes;
import io.pvstream.schemas.catalog.SchemaCatalog;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.query.history.HistoryEndpoints;
import io.pvstream.records.history.JdbcArchive;
import io.pvstream.query.ingest.IngestHealthEndpoints;
import io.pvstream.query.jobs.JobsEndpoints;
import io.pvstream.streams.restore.RestoreJobQueries;
import io.pvstream.records.db.DatabaseStatus;
import io.pvstream.records.buffer.DeadLetters;
import io.pvstream.records.catalog.JdbcConfigurations;
import io.pvstream.records.catalog.JdbcTags;
import io.pvstream.streams.ops.OpsPendingQueries;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.query.ops.OpsEndpoints;
import io.pvstream.streams.pvconfig.PvConfigQueries;
import io.pvstream.streams.StreamsHandle;
import io.pvstream.query.pvconfig.PvConfigEndpoints;
import io.pvstream.query.pvconfig.PvConfigWriter;
import io.pvstream.query.pvconfig.PvSpec;
import io.pvstream.records.restore.RestoreLauncher;
import io.pvstream.query.security.AccessControl;
import io.pvstream.records.keys.ApiKeys;
import io.pvstream.records.keys.AuditLog;
import io.pvstream.query.security.AuthFailures;
import io.pvstream.records.keys.EpochClock;
import io.pvstream.records.keys.KnownKeys;
import io.pvstream.query.security.Role;
import io.pvstream.query.security.SecurityApi;
import io.pvstream.query.security.SecurityConfig;
import io.pvstream.query.security.SecurityEndpoints;
import io.pvstream.records.snapshots.JdbcSnapshots;
import io.pvstream.query.snapshots.LiveScan;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.query.snapshots.SnapshotEndpoints;
import io.pvstream.query.ws.WebSocketService;
import io.pvstream.query.ws.WsSettings;
import io.pvstream.schemas.avro.ApiKey;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.query.http.Json;
import io.pvstream.query.health.HealthService;

/**
 * The whole HTTP API as {@code QueryApiServer} wires it (every group of routes, those added after
 * {@code ApiFactory} too), over in-memory or unbound services, with security on: one key per role, a bootstrap admin
 * key and a cluster token. Nothing reaches Kafka or a database; the audit records are kept here.
 */
final class SecuredApiSupport implements AutoCloseable {

    static final String BOOTSTRAP_KEY = "pvs_bootstrap-key-of-the-route-table-test-0000000";
    static final String CLUSTER_TOKEN = "cluster-token-of-the-route-table-test";

    final KnownKeys known = new KnownKeys();
    final List<ApiKey> published = new CopyOnWriteArrayList<>();
    final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    final List<io.pvstream.schemas.avro.OpsTransaction> buffered = new CopyOnWriteArrayList<>();
    final ApiKeys keys = new ApiKeys(known, published::add, Clock.systemUTC(), UUID::randomUUID, BOOTSTRAP_KEY);
    final Map<Role, String> keyOf = new EnumMap<>(Role.class);
    private final InMemoryPvLookup lookup = new InMemoryPvLookup(ApiTestSupport.SELF);
    private final RecordingPeers peers = new RecordingPeers();
    private final ObjectMapper mapper = Json.newMapper();
    private WebSocketService webSocket;
    private SecurityApi lastSecurity;
    private RestoreLauncher launcher;

    SecuredApiSupport() {
        known.markLoaded();
        for (Role role : Role.values()) {
            keyOf.put(role, keys.create("key-" + role.json(), role.key(), null).secret());
        }
    }

    static SecurityConfig.Settings settings(boolean readsOpen, int maxFailures) {
        return new SecurityConfig.Settings(true, readsOpen, new Password(BOOTSTRAP_KEY), new Password(CLUSTER_TOKEN),
                maxFailures, Duration.ofMinutes(1), 100, null, new Password(""));
    }

    SecurityApi security(SecurityConfig.Settings settings, AuditLog auditLog) {
        return security(settings, auditLog, null);
    }

    /** @param listen where the TLS connector listens (only with a keystore in {@code settings}) */
    SecurityApi security(SecurityConfig.Settings settings, AuditLog auditLog, SecurityApi.Listen listen) {
        AccessControl access = new AccessControl(settings, keys,
                new AuthFailures(settings.maxFailures(), settings.failureWindow(), settings.trackedAddresses(),
                        System::nanoTime), EpochClock.of(Clock.systemUTC()));
        return new SecurityApi(settings, access, audited::add, new SecurityEndpoints(keys, auditLog, mapper),
                () -> "127.0.0.1:7001", listen);
    }

    /** The route table of the last {@link #app}. */
    List<SecurityApi.RouteAccess> routes() {
        return lastSecurity.routes();
    }

    Javalin app(SecurityConfig.Settings settings) {
        return app(security(settings, (cursor, limit) -> new AuditLog.Page(List.of(), null)));
    }

    /** Every group of routes QueryApiServer registers. */
    Javalin app(SecurityApi security) {
        lastSecurity = security;
        HealthService health = new HealthService(lookup, new ApiTestSupport.SettableKafkaProbe(),
                Clock.fixed(ApiTestSupport.NOW, ZoneOffset.UTC), 3);
        OpsDatabase noDatabase = OpsDatabase.connect("", "", "pvstream", "", Duration.ofSeconds(1));
        OpsEndpoints ops = new OpsEndpoints(new OpsEndpoints.Parts(new OpsPendingQueries(new StreamsHandle()), peers,
                buffered::add,
                new JdbcConfigurations(noDatabase), new JdbcTags(noDatabase), new NoDeadLetters(), Optional::empty,
                () -> DatabaseStatus.UNKNOWN, UUID::randomUUID, Clock.systemUTC(), 64 * 1024, 50));
        JobsEndpoints jobs = new JobsEndpoints(new RestoreJobQueries(new StreamsHandle()), peers, lookup, Clock.systemUTC(), 3);
        launcher = new RestoreLauncher(Map.of("bootstrap.servers", "127.0.0.1:1"), "route-table-test",
                Duration.ofSeconds(1));
        SnapshotConfig.Settings snapshotSettings = new SnapshotConfig.Settings(1000, 256 * 1024, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), 1000);
        SnapshotEndpoints snapshots = new SnapshotEndpoints(ops, new JdbcSnapshots(noDatabase, mapper),
                new LiveScan(lookup, peers, mapper, 6, Duration.ofSeconds(1)), launcher, jobs.lookup(),
                snapshotSettings, 64 * 1024);
        webSocket = new WebSocketService(new WsSettings(Duration.ofMillis(100), Duration.ofSeconds(5), 100, 64 * 1024,
                100, Duration.ofSeconds(10), 10), (pvs, patterns, cap) -> {
                    throw new IllegalStateException("not in this test");
                }, ids -> List.of(), Map.of("bootstrap.servers", "127.0.0.1:1"), "route-table-test");
        // a pv.config writer that needs no Kafka, no archive maintenance
        IngestRoutes ingest = new IngestRoutes(new PvConfigEndpoints(new PvConfigQueries(new StreamsHandle()), peers,
                new NoWriter()), new IngestHealthEndpoints(health, lookup, peers, 6, Duration.ofSeconds(30)), () -> {
                });
        HistoryRoutes history = new HistoryRoutes(new HistoryEndpoints(new JdbcArchive(noDatabase),
                new HistoryConfig.Settings(30, 2, Duration.ofHours(1), 1000, 1000, 100), Clock.systemUTC(), 64 * 1024,
                mapper), null);
        return ApiFactory.create(ApiFactory.Services.of(lookup, peers, health, Duration.ofSeconds(1))
                .withWebSocket(webSocket).withOps(ops).withJobs(jobs).withSnapshots(snapshots)
                .withIngest(ingest).withHistory(history)
                .withSchemas(new SchemaRoutes(SchemaCatalog.get(), mapper))
                .withMaxRequestBytes(64 * 1024).withSecurity(security));
    }

    @Override
    public void close() {
        if (webSocket != null) {
            webSocket.close();
        }
        if (launcher != null) {
            launcher.close();
        }
    }

    private static final class NoDeadLetters implements DeadLetters {
        @Override
        public List<io.pvstream.records.buffer.DeadLetter> list(Long after, int limit) {
            return List.of();
        }

        @Override
        public Optional<io.pvstream.records.buffer.DeadLetter> find(long offset) {
            return Optional.empty();
        }

        @Override
        public Replayed replay(long offset) {
            throw new IllegalStateException("nothing to replay");
        }
    }

    private static final class NoWriter implements PvConfigWriter {
        @Override
        public void put(List<PvSpec> specs) {
        }

        @Override
        public void delete(String name) {
        }

        @Override
        public void close() {
        }
    }
}
