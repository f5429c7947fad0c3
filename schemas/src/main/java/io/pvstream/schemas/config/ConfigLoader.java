package io.pvstream.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Resolves configuration for a module's {@link ConfigDef}. Each key is defined once, with its
 * default and doc string, in the module's config class; values are layered, later wins:
 * <ol>
 *   <li>the default in the {@code ConfigDef};</li>
 *   <li>a properties file named by {@code config.file} ({@code PVSTREAM_CONFIG_FILE});</li>
 *   <li>environment variables {@code PVSTREAM_<KEY>}: upper case, dots as underscores,
 *       e.g. {@code ca.addr.list} ← {@code PVSTREAM_CA_ADDR_LIST};</li>
 *   <li>explicit overrides (command-line options, tests).</li>
 * </ol>
 * Keys are lower-case words separated by dots, never underscores, so the env mapping is a bijection.
 * Keys that no {@code ConfigDef} defines are kept too: {@code kafka.*} keys pass through to every
 * Kafka client (see {@link CommonConfig#kafkaClientProps}).
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "PVSTREAM_";
    public static final String CONFIG_FILE = "config.file";

    private ConfigLoader() {
    }

    /** The env var that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The key an env var overrides, or null if it is not one of ours. */
    static String keyOf(String envName) {
        if (!envName.startsWith(ENV_PREFIX) || envName.length() == ENV_PREFIX.length()) {
            return null;
        }
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /**
     * Raw values for {@code def}, before parsing (parse them with the module's {@code AbstractConfig}).
     *
     * @param env       the process environment (pass {@code System.getenv()}; tests pass their own)
     * @param overrides values that win over everything else
     */
    public static Map<String, Object> resolve(ConfigDef def, Map<String, String> env, Map<String, ?> overrides) {
        for (String key : def.names()) {
            if (key.indexOf('_') >= 0) {
                throw new IllegalArgumentException("config key must not contain '_': " + key);
            }
        }
        Map<String, Object> fromEnv = new HashMap<>();
        env.forEach((name, value) -> {
            String key = keyOf(name);
            if (key != null) {
                fromEnv.put(key, value);
            }
        });
        Map<String, Object> values = new HashMap<>();
        Object file = overrides.containsKey(CONFIG_FILE) ? overrides.get(CONFIG_FILE) : fromEnv.get(CONFIG_FILE);
        if (file != null && !file.toString().isBlank()) {
            values.putAll(readProperties(Path.of(file.toString())));
        }
        values.putAll(fromEnv);
        values.putAll(overrides);
        return values;
    }

    private static Map<String, Object> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, Object> values = new HashMap<>();
        props.forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }

    /** A Markdown table of every key of {@code def}: key, env var, default, doc. */
    public static String markdownTable(ConfigDef def) {
        StringBuilder out = new StringBuilder("| key | env | default | description |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(def.configKeys()).values()) {
            Object dflt = key.hasDefault() ? key.defaultValue : "(required)";
            out.append("| `").append(key.name).append("` | `").append(envName(key.name)).append("` | `")
                    .append(dflt).append("` | ").append(key.documentation.replace("|", "\\|").replace('\n', ' '))
                    .append(" |\n");
        }
        return out.toString();
    }
}
