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
    public static final String HEALTH_KAFKA_TIMEOUT_MS = "health.kafka.timeout.ms";
    public static final String INGEST_HEARTBEAT_MISSED = "ingest.heartbeat.missed";

    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]");

    public static final ConfigDef DEFINITION = StreamsAppConfig.define(CommonConfig.define(new ConfigDef()))
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
            .define(HTTP_RETRY_AFTER_SECONDS, Type.INT, 1, Range.atLeast(0), Importance.LOW,
                    "Retry-After sent with 503 while the stores are not ready (starting, rebalancing).")
            .define(HEALTH_KAFKA_TIMEOUT_MS, Type.INT, 1_000, Range.atLeast(1), Importance.LOW,
                    "How long the health check waits for the Kafka cluster to answer.")
            .define(INGEST_HEARTBEAT_MISSED, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "An ingest instance is dead after this many heartbeat periods without a heartbeat.");

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

    public Duration retryAfter() {
        return Duration.ofSeconds(getInt(HTTP_RETRY_AFTER_SECONDS));
    }

    public Duration kafkaProbeTimeout() {
        return Duration.ofMillis(getInt(HEALTH_KAFKA_TIMEOUT_MS));
    }

    public int missedHeartbeats() {
        return getInt(INGEST_HEARTBEAT_MISSED);
    }
}
