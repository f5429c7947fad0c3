package io.pvstream.query;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.db.OpsConfig;
import io.pvstream.query.security.SecurityConfig;
import io.pvstream.records.snapshots.SnapshotConfig;
import io.pvstream.query.ws.WsSettings;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;
import io.pvstream.streams.StreamsAppConfig;

/** Configuration of a query-api instance: its HTTP side plus the Streams instance it embeds. */
public final class QueryApiConfig extends AbstractConfig {

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_FORWARD_TIMEOUT_MS = "http.forward.timeout.ms";
    public static final String HTTP_RETRY_AFTER_SECONDS = "http.retry.after.seconds";
    public static final String HTTP_MAX_REQUEST_BYTES = "http.max.request.bytes";
    public static final String HEALTH_KAFKA_TIMEOUT_MS = "health.kafka.timeout.ms";
    public static final String INGEST_HEARTBEAT_MISSED = "ingest.heartbeat.missed";
    public static final String HEALTH_READY_MAX_LAG_MS = "health.ready.max.lag.ms";
    public static final String HEALTH_LAG_SAMPLE_INTERVAL_MS = "health.lag.sample.interval.ms";
    public static final String WS_BATCH_WINDOW_MS = "ws.batch.window.ms";
    public static final String WS_HEARTBEAT_INTERVAL_MS = "ws.heartbeat.interval.ms";
    public static final String WS_MAX_SUBSCRIPTIONS = "ws.max.subscriptions";
    public static final String WS_MAX_MESSAGE_BYTES = "ws.max.message.bytes";
    public static final String WS_CLIENT_QUEUE_MAX = "ws.client.queue.max";
    public static final String WS_SLOW_CLIENT_GRACE_MS = "ws.slow.client.grace.ms";
    public static final String WS_MAX_BAD_MESSAGES = "ws.max.bad.messages";

    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]");

    public static final ConfigDef DEFINITION = HistoryConfig.define(SecurityConfig.define(SnapshotConfig.define(
            OpsConfig.define(StreamsAppConfig.define(CommonConfig.define(new ConfigDef()))))))
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Address the HTTP API binds to. Loopback by default; 0.0.0.0 for all interfaces "
                            + "(then set " + HTTP_ADVERTISED_HOST + ").")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.HIGH,
                    "Host name other instances reach this one at (published as Kafka Streams application.server). "
                            + "Empty = " + HTTP_HOST + ".")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
                    "HTTP port; 0 = any free port (the one taken is published to the other instances).")
            .define(HTTP_FORWARD_TIMEOUT_MS, Type.LONG, 2_000L, Range.atLeast(1), Importance.MEDIUM,
                    "How long a request forwarded to the instance owning a PV (or asking it for a page) may take.")
            .define(HTTP_MAX_REQUEST_BYTES, Type.LONG, 16L * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
                    "Largest request body (e.g. a configuration with its PVs); a larger one is refused with 413.")
            .define(HTTP_RETRY_AFTER_SECONDS, Type.INT, 1, Range.atLeast(0), Importance.LOW,
                    "Retry-After sent with 503 while the stores are not ready (starting, rebalancing).")
            .define(HEALTH_KAFKA_TIMEOUT_MS, Type.INT, 1_000, Range.atLeast(1), Importance.LOW,
                    "How long the health check waits for the Kafka cluster to answer.")
            .define(HEALTH_READY_MAX_LAG_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How far behind (age of the oldest update it has not applied) this instance's latest-value store "
                            + "may be before GET /api/v1/health/ready answers 503 and GET /api/v1/health DEGRADED: "
                            + "answers older than this are not live.")
            .define(HEALTH_LAG_SAMPLE_INTERVAL_MS, Type.LONG, 500L, Range.between(50, 60_000), Importance.LOW,
                    "How often this instance measures its Streams lag (end offsets of its input partitions against "
                            + "its processed positions); also the resolution of the reported ages.")
            .define(INGEST_HEARTBEAT_MISSED, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "An ingest instance is dead after this many heartbeat periods without a heartbeat.")
            .define(WS_BATCH_WINDOW_MS, Type.LONG, 100L, Range.between(1, 60_000), Importance.MEDIUM,
                    "WebSocket batching window: the diffs of one window go to a client as one message.")
            .define(WS_HEARTBEAT_INTERVAL_MS, Type.LONG, 5_000L, Range.between(100, 600_000), Importance.LOW,
                    "How often a WebSocket client gets a heartbeat, with the updates coalesced and dropped for it "
                            + "since the previous one.")
            .define(WS_MAX_SUBSCRIPTIONS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "PV names plus patterns one WebSocket client may subscribe to; also the most PVs one snapshot "
                            + "(the initial state of a subscribe) returns.")
            .define(WS_MAX_MESSAGE_BYTES, Type.INT, 256 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Largest message a WebSocket client may send; a larger one closes the connection (1009).")
            .define(WS_CLIENT_QUEUE_MAX, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "PVs with a change waiting for one WebSocket client; newer changes of a waiting PV replace "
                            + "the older one (coalesced), changes of further PVs are dropped (and counted).")
            .define(WS_SLOW_CLIENT_GRACE_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long a WebSocket client may stay behind (its previous message not yet taken when the "
                            + "next is due) before it is closed with 1008 \"too slow\".")
            .define(WS_MAX_BAD_MESSAGES, Type.INT, 10, Range.atLeast(0), Importance.LOW,
                    "Bad messages a WebSocket client may send per heartbeat interval, each answered with an error; "
                            + "one more closes the connection (1008).");

    public QueryApiConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
        if (advertisedHost().isBlank() || WILDCARD_HOSTS.contains(advertisedHost())) {
            throw new ConfigException(HTTP_ADVERTISED_HOST, getString(HTTP_ADVERTISED_HOST),
                    "other instances cannot reach " + getString(HTTP_HOST) + ": set a reachable host name");
        }
    }

    /** Defaults, then the optional config file and {@code PVSTREAM_*} env vars, then overrides. */
    public static QueryApiConfig load(Map<String, String> env, Map<String, ?> overrides) {
        return new QueryApiConfig(ConfigLoader.resolve(DEFINITION, env, overrides));
    }

    /** The embedded Streams instance's view of the same values. */
    public StreamsAppConfig streamsConfig() {
        return new StreamsAppConfig(originals());
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String advertisedHost() {
        String advertised = getString(HTTP_ADVERTISED_HOST);
        return advertised.isBlank() ? httpHost() : advertised;
    }

    public Duration forwardTimeout() {
        return Duration.ofMillis(getLong(HTTP_FORWARD_TIMEOUT_MS));
    }

    public long maxRequestBytes() {
        return getLong(HTTP_MAX_REQUEST_BYTES);
    }

    /** The {@code ops.*} keys: operations database and write buffer. */
    public SnapshotConfig.Settings snapshotSettings() {
        return SnapshotConfig.settings(this);
    }

    /** The {@code security.*} and {@code http.tls.*} keys. */
    public SecurityConfig.Settings securitySettings() {
        return SecurityConfig.settings(this);
    }

    public OpsConfig.OpsSettings opsSettings() {
        return OpsConfig.settings(this);
    }

    public Duration retryAfter() {
        return Duration.ofSeconds(getInt(HTTP_RETRY_AFTER_SECONDS));
    }

    public Duration kafkaProbeTimeout() {
        return Duration.ofMillis(getInt(HEALTH_KAFKA_TIMEOUT_MS));
    }

    /** Lag beyond which this instance is not ready (its answers are not live). */
    public Duration readyMaxLag() {
        return Duration.ofMillis(getLong(HEALTH_READY_MAX_LAG_MS));
    }

    public Duration lagSampleInterval() {
        return Duration.ofMillis(getLong(HEALTH_LAG_SAMPLE_INTERVAL_MS));
    }

    public int missedHeartbeats() {
        return getInt(INGEST_HEARTBEAT_MISSED);
    }

    public WsSettings wsSettings() {
        return new WsSettings(Duration.ofMillis(getLong(WS_BATCH_WINDOW_MS)),
                Duration.ofMillis(getLong(WS_HEARTBEAT_INTERVAL_MS)), getInt(WS_MAX_SUBSCRIPTIONS),
                getInt(WS_MAX_MESSAGE_BYTES), getInt(WS_CLIENT_QUEUE_MAX),
                Duration.ofMillis(getLong(WS_SLOW_CLIENT_GRACE_MS)), getInt(WS_MAX_BAD_MESSAGES));
    }
}
