package io.pvstream.query;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.PvStateQueries;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/**
 * One query-api instance: the HTTP API plus the Kafka Streams instance whose stores it serves. Holds no
 * static state, so several instances can run in one JVM (each with its own port and, by default, its own
 * state directory derived from its address).
 */
public final class QueryApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryApiServer.class);

    private final Admin admin;
    private final Javalin http;
    private final KafkaStreams streams;
    private final StreamsStateWatcher watcher;
    private final HostInfo hostInfo;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private QueryApiServer(Admin admin, Javalin http, KafkaStreams streams, StreamsStateWatcher watcher,
                           HostInfo hostInfo, Duration closeTimeout) {
        this.admin = admin;
        this.http = http;
        this.streams = streams;
        this.watcher = watcher;
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
        try {
            TopicInitializer.ensureTopics(admin, config.getInt(CommonConfig.TOPIC_PARTITIONS),
                    config.getShort(CommonConfig.TOPIC_REPLICATION));
            LateBoundLookup lookup = new LateBoundLookup();
            HealthService health = new HealthService(lookup,
                    new AdminKafkaProbe(admin, config.getString(CommonConfig.BOOTSTRAP_SERVERS), config.kafkaProbeTimeout()),
                    Clock.systemUTC(), config.missedHeartbeats());
            PeerClient peers = new HttpPeerClient(config.forwardTimeout(), lookup::localHost);
            http = ApiFactory.create(lookup, peers, health, config.retryAfter())
                    .start(config.httpHost(), config.httpPort());

            HostInfo self = new HostInfo(config.advertisedHost(), http.port());
            String applicationServer = PvController.address(self);
            streams = new KafkaStreams(PvTopology.buildTopology(streamsConfig),
                    streamsConfig.streamsProperties(applicationServer));
            StreamsStateWatcher watcher = new StreamsStateWatcher();
            streams.setStateListener(watcher);
            streams.setUncaughtExceptionHandler(e -> {
                log.error("stream thread failed; this instance stops serving PV state", e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            lookup.bind(new PvStateQueries(streams, self));
            streams.start();
            log.info("query-api {} listening on {}:{}, state in {}", applicationServer, config.httpHost(), http.port(),
                    streamsConfig.stateDir(applicationServer));
            return new QueryApiServer(admin, http, streams, watcher, self, streamsConfig.closeTimeout());
        } catch (RuntimeException e) {
            if (http != null) {
                http.stop();
            }
            if (streams != null) {
                streams.close(streamsConfig.closeTimeout());
            }
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    /** The port HTTP listens on (the real one when {@code http.port} is 0). */
    public int port() {
        return http.port();
    }

    /** This instance's address as published to the others ({@code application.server}). */
    public HostInfo hostInfo() {
        return hostInfo;
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
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

    /** Stops HTTP first (no request sees a closing store), then Streams, then the admin client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop();
        } finally {
            try {
                // Leave the group now, so the others take over our partitions without waiting for a session timeout.
                if (!streams.close(new KafkaStreams.CloseOptions().timeout(closeTimeout).leaveGroup(true))) {
                    log.warn("streams did not close within {}", closeTimeout);
                }
            } finally {
                admin.close(Duration.ofSeconds(5));
            }
        }
        log.info("query-api {} stopped", PvController.address(hostInfo));
    }
}
