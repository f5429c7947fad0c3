package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.pvstream.query.QueryApiConfig;
import io.pvstream.records.db.OpsConfig;

/** The ops.* keys: defaults, the checks between them, and a password that never shows. */
class OpsConfigTest {

    @Test
    void defaultsMeanNoDatabaseAndSaneLimits() {
        QueryApiConfig config = QueryApiConfig.load(Map.of(), Map.of());
        OpsConfig.OpsSettings ops = config.opsSettings();
        assertThat(ops.databaseConfigured()).isFalse();
        assertThat(ops.replicaConfigured()).isFalse();
        assertThat(ops.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ops.replicaPollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(ops.maxPvsPerConfiguration()).isEqualTo(100_000);
        assertThat(config.maxRequestBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void aReplicaNeedsThePrimaryAndReplicaConfirmation() {
        assertThatThrownBy(() -> QueryApiConfig.load(Map.of(), Map.of(OpsConfig.REPLICA_JDBC_URL,
                "jdbc:postgresql://127.0.0.1:5433/pvstream")).opsSettings())
                .isInstanceOf(ConfigException.class).hasMessageContaining(OpsConfig.JDBC_URL);
        assertThatThrownBy(() -> QueryApiConfig.load(Map.of(), Map.of(
                OpsConfig.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/pvstream",
                OpsConfig.REPLICA_JDBC_URL, "jdbc:postgresql://127.0.0.1:5433/pvstream")).opsSettings())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ops.replica.enabled=true");
        OpsConfig.OpsSettings ok = QueryApiConfig.load(Map.of(), Map.of(
                OpsConfig.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/pvstream",
                OpsConfig.REPLICA_JDBC_URL, "jdbc:postgresql://127.0.0.1:5433/pvstream",
                "ops.replica.enabled", "true")).opsSettings();
        assertThat(ok.replicaConfigured()).isTrue();
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> QueryApiConfig.load(Map.of(), Map.of(OpsConfig.JDBC_URL,
                "jdbc:mysql://db/x?password=hunter2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void thePasswordIsReadButNeverPrinted() {
        QueryApiConfig config = QueryApiConfig.load(Map.of("PVSTREAM_OPS_JDBC_PASSWORD", "hunter2"), Map.of());
        OpsConfig.OpsSettings ops = config.opsSettings();
        assertThat(ops.password().value()).isEqualTo("hunter2");
        assertThat(ops.toString()).doesNotContain("hunter2");
        assertThat(config.values().toString()).doesNotContain("hunter2");
    }
}
