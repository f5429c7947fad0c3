package io.pvstream.records.db;

import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.pvstream.streams.StreamsAppConfig;

/**
 * The {@code ops.*} keys of query-api: the operations database and the write buffer. Defined here, added to
 * {@code QueryApiConfig}; {@link #settings} reads them back.
 */
public final class OpsConfig {

    public static final String JDBC_URL = "ops.jdbc.url";
    public static final String JDBC_USER = "ops.jdbc.user";
    public static final String JDBC_PASSWORD = "ops.jdbc.password";
    public static final String JDBC_TIMEOUT_MS = "ops.jdbc.timeout.ms";
    public static final String REPLICA_JDBC_URL = "ops.replica.jdbc.url";
    public static final String REPLICA_POLL_INTERVAL_MS = "ops.replica.poll.interval.ms";
    public static final String WRITE_TIMEOUT_MS = "ops.write.timeout.ms";
    public static final String MAX_PVS_PER_CONFIGURATION = "ops.max.pvs.per.configuration";
    public static final String RATE_SAMPLE_INTERVAL_MS = "ops.rate.sample.interval.ms";

    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final ConfigDef.Validator JDBC_URL_VALIDATOR = new JdbcUrlValidator();

    private OpsConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(JDBC_URL, Type.STRING, "", JDBC_URL_VALIDATOR, Importance.HIGH,
                        "JDBC URL of the PostgreSQL primary holding the operations tables, e.g. "
                                + "jdbc:postgresql://db:5432/pvstream. Empty = no database: writes are still buffered in "
                                + "Kafka and reads serve the pending buffer alone. When set, query-api migrates the tables "
                                + "in the background at start (retrying while PostgreSQL is down). Put the password in "
                                + JDBC_PASSWORD + ", not in the URL (the URL is logged).")
                .define(JDBC_USER, Type.STRING, "pvstream", Importance.HIGH,
                        "PostgreSQL user of " + JDBC_URL + " and " + REPLICA_JDBC_URL + ".")
                .define(JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                        "Password of " + JDBC_USER + "; never logged or shown in error answers.")
                .define(JDBC_TIMEOUT_MS, Type.LONG, 2_000L, Range.atLeast(250), Importance.LOW,
                        "How long a read waits for a database connection before the database counts as unavailable "
                                + "(reads then answer from the pending buffer, or 503).")
                .define(REPLICA_JDBC_URL, Type.STRING, "", JDBC_URL_VALIDATOR, Importance.MEDIUM,
                        "JDBC URL of a streaming replica of the primary (same credentials). When set, reads of confirmed "
                                + "rows go to it (falling back to the primary), and its replay position is published to "
                                + "ops.replica.lsn; requires " + StreamsAppConfig.OPS_REPLICA_ENABLED + "=true.")
                .define(REPLICA_POLL_INTERVAL_MS, Type.LONG, 200L, Range.atLeast(10), Importance.LOW,
                        "How often the replica's pg_last_wal_replay_lsn() (and the primary's pg_current_wal_lsn()) is "
                                + "polled; without a replica the primary is polled every max(1 s, this) for the health report.")
                .define(WRITE_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                        "How long a write waits for Kafka to acknowledge its transaction (acks=all) before answering "
                                + "503; the transaction may still be appended later.")
                .define(MAX_PVS_PER_CONFIGURATION, Type.INT, 100_000, Range.atLeast(1), Importance.MEDIUM,
                        "Most PVs one configuration may hold; a larger one is refused with 413.")
                .define(RATE_SAMPLE_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                        "How often the end offsets of the CDC, confirmation and dead-letter topics are sampled for "
                                + "the apply and confirm rates of /api/v1/health/buffer.");
    }

    /** The values, checked together. */
    public static OpsSettings settings(AbstractConfig config) {
        String primary = config.getString(JDBC_URL).trim();
        String replica = config.getString(REPLICA_JDBC_URL).trim();
        if (!replica.isEmpty() && primary.isEmpty()) {
            throw new ConfigException(REPLICA_JDBC_URL + " needs " + JDBC_URL + " (the primary) too");
        }
        if (!replica.isEmpty() && !config.getBoolean(StreamsAppConfig.OPS_REPLICA_ENABLED)) {
            // Without it streams-app drops entries once the primary has them; reads from a lagging replica would
            // then briefly show neither the pending version nor the new row.
            throw new ConfigException(REPLICA_JDBC_URL + " needs " + StreamsAppConfig.OPS_REPLICA_ENABLED
                    + "=true on every instance");
        }
        return new OpsSettings(primary, replica, config.getString(JDBC_USER), config.getPassword(JDBC_PASSWORD),
                Duration.ofMillis(config.getLong(JDBC_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(REPLICA_POLL_INTERVAL_MS)),
                Duration.ofMillis(config.getLong(WRITE_TIMEOUT_MS)), config.getInt(MAX_PVS_PER_CONFIGURATION),
                Duration.ofMillis(config.getLong(RATE_SAMPLE_INTERVAL_MS)),
                config.getBoolean(StreamsAppConfig.OPS_REPLICA_ENABLED));
    }

    /** Never echoes the value: a URL may carry a password parameter. */
    private static final class JdbcUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString().trim();
            if (!url.isEmpty() && !url.startsWith(JDBC_PREFIX)) {
                throw new ConfigException(name + " must be empty or start with " + JDBC_PREFIX);
            }
        }

        @Override
        public String toString() {
            return "empty, or " + JDBC_PREFIX + "host:port/database";
        }
    }

    /**
     * @param replicaConfirms streams-app waits for the replica ({@value StreamsAppConfig#OPS_REPLICA_ENABLED})
     */
    public record OpsSettings(String jdbcUrl, String replicaJdbcUrl, String user, Password password,
                              Duration jdbcTimeout, Duration replicaPollInterval, Duration writeTimeout,
                              int maxPvsPerConfiguration, Duration rateSampleInterval, boolean replicaConfirms) {

        public boolean databaseConfigured() {
            return !jdbcUrl.isEmpty();
        }

        public boolean replicaConfigured() {
            return !replicaJdbcUrl.isEmpty();
        }
    }
}
