package io.pvstream.query;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.query.metrics.QueryApiMetrics;
import io.pvstream.query.metrics.SourceMetrics;
import io.pvstream.query.schemas.SchemaRoutes;
import io.pvstream.query.jobs.JobsEndpoints;
import io.pvstream.query.ops.OpsEndpoints;
import io.pvstream.query.ops.OpsServices;
import io.pvstream.records.restore.RestoreLauncher;
import io.pvstream.query.security.SecurityApi;
import io.pvstream.query.security.SecurityServices;
import io.pvstream.records.snapshots.JdbcSnapshots;
import io.pvstream.query.snapshots.LiveScan;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.query.snapshots.SnapshotEndpoints;
import io.pvstream.query.ws.WebSocketService;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.TopicLayout;
import io.pvstream.schemas.catalog.SchemaCatalog;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.PvStateQueries;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StorePositions;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.streams.StreamsHandle;
import io.pvstream.streams.lag.AdminOffsets;
import io.pvstream.streams.lag.OffsetSource;
import io.pvstream.streams.lag.StoreCatchUp;
import io.pvstream.streams.lag.StreamsLagMonitor;
import io.pvstream.streams.ops.OpsPendingQueries;
import io.pvstream.streams.pvconfig.PvConfigQueries;
import io.pvstream.streams.restore.RestoreJobQueries;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.cluster.HttpPeerClient;
import io.pvstream.query.http.Json;
import io.pvstream.query.health.AdminKafkaProbe;
import io.pvstream.query.health.HealthService;
import io.pvstream.query.ws.PvInitialStateLoader;

/**
 * One query-api instance: the HTTP API plus the Kafka Streams instance whose stores it serves. Holds no
 * static state, so several instances can run in one JVM (each with its own port and, by default, its own
 * state directory derived from its address).
 */
public final class QueryApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryApiServer.class);
    /** How long one admin request of the lag monitor or the snapshot catch-up may take. */
    private static final Duration LAG_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** How often a waiting snapshot save asks how far the stores have got (one OffsetFetch each). */
    private static final Duration CATCH_UP_POLL_INTERVAL = Duration.ofMillis(50);

    private final Admin admin;
    private final Javalin http;
    private final KafkaStreams streams;
    private final StreamsStateWatcher watcher;
    private final StreamsLagMonitor lagMonitor;
    private final WebSocketService webSocket;
    private final OpsServices ops;
    private final RestoreLauncher restoreLauncher;
    private final SecurityServices security;
    private final SecurityApi securityApi;
    private final HostInfo hostInfo;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private QueryApiServer(Admin admin, Javalin http, KafkaStreams streams, StreamsStateWatcher watcher,
                           StreamsLagMonitor lagMonitor,
                           WebSocketService webSocket, OpsServices ops, RestoreLauncher restoreLauncher,
                           SecurityServices security, SecurityApi securityApi, HostInfo hostInfo,
                           Duration closeTimeout) {
        this.admin = admin;
        this.http = http;
        this.streams = streams;
        this.watcher = watcher;
        this.lagMonitor = lagMonitor;
        this.webSocket = webSocket;
        this.ops = ops;
        this.restoreLauncher = restoreLauncher;
        this.security = security;
        this.securityApi = securityApi;
        this.hostInfo = hostInfo;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Creates missing topics, starts HTTP, then Kafka Streams with {@code application.server} = the advertised
     * host and the port HTTP actually took. Returns once HTTP listens; Streams may still be rebalancing
     * (requests get 503 until it runs; see {@link #awaitRunning}).
     */
    public static QueryApiServer start(QueryApiConfig config) {
        StreamsAppConfig streamsConfig = config.streamsConfig();
        Admin admin = Admin.create(CommonConfig.kafkaClientProps(config));
        Javalin http = null;
        KafkaStreams streams = null;
        StreamsLagMonitor lagMonitor = null;
        WebSocketService webSocket = null;
        OpsServices ops = null;
        RestoreLauncher restoreLauncher = null;
        SecurityServices security = null;
        try {
            TopicInitializer.ensureTopics(admin, TopicLayout.of(config)); // refuses a cluster too small for it
            // The store's positions exist before Streams does: the snapshot save's catch-up wait reads them.
            StorePositions positions = new StorePositions();
            StreamsHandle handle = new StreamsHandle(); // bound once HTTP listens: Streams needs its port
            PvStateQueries lookup = new PvStateQueries(handle, positions);
            LateBoundStoreLag lag = new LateBoundStoreLag();
            HealthService health = new HealthService(lookup,
                    new AdminKafkaProbe(admin, config.getString(CommonConfig.BOOTSTRAP_SERVERS), config.kafkaProbeTimeout()),
                    Clock.systemUTC(), config.missedHeartbeats(), lag, config.readyMaxLag(),
                    lagStaleAfter(config.lagSampleInterval()));
            OffsetSource offsets = new AdminOffsets(admin, streamsConfig.getString(StreamsAppConfig.APPLICATION_ID),
                    LAG_REQUEST_TIMEOUT);
            security = SecurityServices.start(config.securitySettings(), CommonConfig.kafkaClientProps(config),
                    "pvstream-query-api-" + config.advertisedHost() + "-" + config.httpPort() + "-" + UUID.randomUUID(),
                    config.opsSettings().writeTimeout(), Json.newMapper(), System.out);
            PeerClient peers = new HttpPeerClient(config.forwardTimeout(), lookup::localHost, security.clusterToken(),
                    security.peerTls());
            JobsEndpoints jobs = new JobsEndpoints(new RestoreJobQueries(handle), peers, lookup, Clock.systemUTC(),
                    config.missedHeartbeats());
            webSocket = new WebSocketService(config.wsSettings(), new PvInitialStateLoader(lookup, peers, Json.newMapper()),
                    ids -> ids.stream().flatMap(id -> jobs.lookup().progress(id).stream()).toList(),
                    CommonConfig.kafkaClientProps(config), streamsConfig.getString(StreamsAppConfig.APPLICATION_ID)
                    + "-diffs-" + config.advertisedHost() + "-" + Long.toHexString(System.nanoTime()));
            // operations records: never waits for PostgreSQL (migrations retry in the background)
            ops = OpsServices.start(config.opsSettings(), CommonConfig.kafkaClientProps(config), admin);
            OpsEndpoints opsEndpoints = ops.endpoints(new OpsPendingQueries(handle), peers, config.maxRequestBytes());
            restoreLauncher = new RestoreLauncher(CommonConfig.kafkaClientProps(config), "pvstream-restore-"
                    + config.advertisedHost() + "-" + config.httpPort() + "-" + UUID.randomUUID(), config.opsSettings()
                    .writeTimeout());
            SnapshotEndpoints snapshots = new SnapshotEndpoints(opsEndpoints, new JdbcSnapshots(ops.database(),
                    Json.newMapper()), new LiveScan(lookup, peers, Json.newMapper(),
                    config.getInt(CommonConfig.TOPIC_PARTITIONS), config.snapshotSettings().scanTimeout(),
                    new StoreCatchUp(offsets, config.getInt(CommonConfig.TOPIC_PARTITIONS),
                            tp -> StreamsLagMonitor.appliedPosition(positions, tp), System::currentTimeMillis,
                            CATCH_UP_POLL_INTERVAL), SnapshotConfig.catchUpTimeout(config)),
                    restoreLauncher, jobs.lookup(), config.snapshotSettings(), config.maxRequestBytes(),
                    HistoryRoutes.pastValues(ops.database()));
            QueryApiMetrics metrics = new QueryApiMetrics();
            SourceMetrics.ops(metrics.registry(), opsEndpoints.parts().lookup()::summary, opsEndpoints.parts().rates(),
                    opsEndpoints.parts().database());
            SourceMetrics.webSocket(metrics.registry(), webSocket::totals);
            AtomicReference<KafkaStreams> startedStreams = new AtomicReference<>(); // Streams needs HTTP's port first
            AtomicReference<StreamsLagMonitor> startedLag = new AtomicReference<>();
            SourceMetrics.streams(metrics.registry(), startedStreams::get,
                    () -> Optional.ofNullable(startedLag.get()).flatMap(StreamsLagMonitor::latest),
                    System::currentTimeMillis);
            AtomicReference<String> instance = new AtomicReference<>(config.advertisedHost() + ":" + config.httpPort());
            SecurityApi securityApi = security.api(ops.database(), instance::get,
                    new SecurityApi.Listen(config.httpHost(), config.httpPort()));
            http = ApiFactory.create(ApiFactory.Services.of(lookup, peers, health, config.retryAfter())
                    .withWebSocket(webSocket).withOps(opsEndpoints).withJobs(jobs).withSnapshots(snapshots)
                    .withIngest(IngestRoutes.of(config, health, lookup, peers, new PvConfigQueries(handle)))
                    .withHistory(HistoryRoutes.of(config, ops.database()))
                    .withSchemas(new SchemaRoutes(SchemaCatalog.get(), Json.newMapper()))
                    .withMaxRequestBytes(config.maxRequestBytes()).withSecurity(securityApi).withMetrics(metrics))
                    .start(config.httpHost(), config.httpPort());

            HostInfo self = new HostInfo(config.advertisedHost(), http.port());
            String applicationServer = PeerCalls.address(self);
            instance.set(applicationServer);
            streams = new KafkaStreams(PvTopology.buildTopology(streamsConfig, positions),
                    streamsConfig.streamsProperties(applicationServer));
            StreamsStateWatcher watcher = new StreamsStateWatcher();
            streams.setStateListener(watcher);
            streams.setUncaughtExceptionHandler(e -> {
                log.error("stream thread failed; this instance stops serving PV state", e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            handle.bind(streams, self);
            startedStreams.set(streams);
            streams.start();
            lagMonitor = StreamsLagMonitor.start(streams, positions, offsets, config.lagSampleInterval());
            lag.bind(lagMonitor);
            startedLag.set(lagMonitor);
            webSocket.start();
            log.info("query-api {} listening on {}:{}, state in {}", applicationServer, config.httpHost(), http.port(),
                    streamsConfig.stateDir(applicationServer));
            return new QueryApiServer(admin, http, streams, watcher, lagMonitor, webSocket, ops, restoreLauncher, security,
                    securityApi, self, streamsConfig.closeTimeout());
        } catch (RuntimeException e) {
            Javalin startedHttp = http;
            KafkaStreams startedStreams = streams;
            closeAfterFailedStart(e, startedHttp == null ? null : startedHttp::stop, webSocket, lagMonitor,
                    startedStreams == null ? null : () -> startedStreams.close(streamsConfig.closeTimeout()), ops,
                    restoreLauncher, security, () -> admin.close(Duration.ofSeconds(5)));
            throw e;
        }
    }

    /** Closes, in order, what a failed {@link #start} had opened (nulls: not yet); a later part closes anyway. */
    private static void closeAfterFailedStart(RuntimeException failure, AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * A lag measured longer ago than this is not known: a few missed samples (each admin request may take
     * {@link #LAG_REQUEST_TIMEOUT}).
     */
    static Duration lagStaleAfter(Duration sampleInterval) {
        return sampleInterval.multipliedBy(4).plus(LAG_REQUEST_TIMEOUT);
    }

    /** Whether the operations tables have been migrated by this instance (false without ops.jdbc.url). */
    public boolean opsMigrated() {
        return ops.migrated();
    }

    /** The port HTTP listens on (the real one when {@code http.port} is 0). */
    public int port() {
        return http.port();
    }

    /** Every HTTP route and the credentials it needs (what the access check applies). */
    public List<SecurityApi.RouteAccess> routes() {
        return securityApi.routes();
    }

    /** This instance's address as published to the others ({@code application.server}). */
    public HostInfo hostInfo() {
        return hostInfo;
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    /**
     * Stops processing ({@link KafkaStreams#pause}) while keeping this instance's partitions, so its stores fall
     * behind Kafka: for maintenance, and for tests of what a lagging instance reports. {@link #resumeProcessing}
     * undoes it.
     */
    public void pauseProcessing() {
        streams.pause();
    }

    public void resumeProcessing() {
        streams.resume();
    }

    /** Waits (without polling) until Streams is RUNNING; false on timeout or if it stopped or failed. */
    public boolean awaitRunning(Duration timeout) {
        try {
            return watcher.await(KafkaStreams.State.RUNNING, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops HTTP first (no request sees a closing store), then the WebSocket feed, then Streams, then the admin
     * client. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop();
        } finally {
            try {
                webSocket.close(); // its feed and timers; HTTP has closed the connections
                lagMonitor.close();
            } finally {
                try {
                    // Leave the group now, so the others take over our partitions without waiting for a session timeout.
                    if (!streams.close(new KafkaStreams.CloseOptions().timeout(closeTimeout).leaveGroup(true))) {
                        log.warn("streams did not close within {}", closeTimeout);
                    }
                } finally {
                    try {
                        ops.close(); // its producer, pools and samplers (the sampler uses the admin client)
                        restoreLauncher.close();
                        security.close();
                    } finally {
                        admin.close(Duration.ofSeconds(5));
                    }
                }
            }
        }
        log.info("query-api {} stopped", PeerCalls.address(hostInfo));
    }
}
