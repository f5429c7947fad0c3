package io.pvstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final ConfigDef DEF = CommonConfig.define(new ConfigDef())
            .define("ca.addr.list", Type.STRING, "127.0.0.1", Importance.HIGH, "CA address list.")
            .define("http.port", Type.INT, 8080, Importance.HIGH, "HTTP port.");

    private static AbstractConfig load(Map<String, String> env, Map<String, ?> overrides) {
        return new AbstractConfig(DEF, ConfigLoader.resolve(DEF, env, overrides));
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        AbstractConfig config = load(Map.of(), Map.of());
        assertThat(config.getString("ca.addr.list")).isEqualTo("127.0.0.1");
        assertThat(config.getInt("http.port")).isEqualTo(8080);
    }

    @Test
    void envOverridesFileAndOverridesWinOverEnv(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pvstream.properties");
        Files.writeString(file, "ca.addr.list=10.0.0.1\nhttp.port=9000\n");
        AbstractConfig config = load(
                Map.of("PVSTREAM_CONFIG_FILE", file.toString(), "PVSTREAM_HTTP_PORT", "9100", "HOME", "/root"),
                Map.of("ca.addr.list", "127.0.0.1:5999"));
        assertThat(config.getInt("http.port")).isEqualTo(9100);
        assertThat(config.getString("ca.addr.list")).isEqualTo("127.0.0.1:5999");
    }

    @Test
    void kafkaKeysPassThroughToClients() {
        AbstractConfig config = load(Map.of("PVSTREAM_KAFKA_SECURITY_PROTOCOL", "SSL",
                "PVSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:19092"), Map.of());
        assertThat(CommonConfig.kafkaClientProps(config))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:19092");
    }

    @Test
    void badValueNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of("PVSTREAM_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
    }

    @Test
    void envNameMapping() {
        assertThat(ConfigLoader.envName("ca.max.array.bytes")).isEqualTo("PVSTREAM_CA_MAX_ARRAY_BYTES");
        assertThat(ConfigLoader.keyOf("PVSTREAM_CA_MAX_ARRAY_BYTES")).isEqualTo("ca.max.array.bytes");
        assertThat(ConfigLoader.keyOf("PATH")).isNull();
    }

    @Test
    void markdownTableListsEveryKeyWithItsEnvVar() {
        assertThat(ConfigLoader.markdownTable(DEF)).contains("`ca.addr.list`", "`PVSTREAM_CA_ADDR_LIST`", "CA address list.");
    }
}
