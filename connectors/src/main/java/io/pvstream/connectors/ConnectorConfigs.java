package io.pvstream.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Connector configurations, one JSON file per connector under {@code connectors/} on the classpath
 * ({@code connectors/src/main/resources/connectors/<name>.json}). Each file is one flat JSON object:
 * exactly the map that {@code PUT /connectors/<name>/config} takes.
 *
 * <p>Values may hold {@code ${placeholder}}s, filled from a map at load time, so the files stay the
 * same in tests, in {@code ./pvstream dev} and in production; only the map changes. Every
 * placeholder must be given (a half-filled config would be registered and fail later, far from
 * its cause); keys of the map that a file does not use are ignored, so one map can feed all files.
 * Connect's own config-provider references ({@code ${file:path:key}}) contain a colon and are left
 * alone; write {@code $${name}} for a literal {@code ${name}}, such as Debezium's {@code ${topic}}.
 */
public final class ConnectorConfigs {

    /** Debezium JDBC sink: operations records from Kafka into the PostgreSQL primary. */
    public static final String OPS_JDBC_SINK = "ops-jdbc-sink";
    /** Debezium Postgres source: the primary's WAL (pgoutput) back into Kafka, to confirm writes. */
    public static final String OPS_CDC_SOURCE = "ops-cdc-source";

    private static final String RESOURCE_DIR = "connectors/";
    /** {@code ${name}}; {@code $${name}} is the escape for a literal {@code ${name}} (Debezium's own, e.g. {@code ${topic}}). */
    private static final Pattern PLACEHOLDER = Pattern.compile("(\\$?)\\$\\{([A-Za-z0-9_.\\-]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorConfigs() {
    }

    /**
     * Loads {@code connectors/<connector>.json} from the classpath and fills its placeholders.
     *
     * @throws IllegalArgumentException if the file does not exist, is not a flat JSON object, or
     *                                  uses a placeholder that {@code values} does not give
     */
    public static Map<String, String> load(String connector, Map<String, String> values) {
        return fill(resourceName(connector), read(connector), values);
    }

    /** The placeholders a connector file uses, sorted: what a caller has to provide. */
    public static Set<String> placeholders(String connector) {
        Set<String> names = new TreeSet<>();
        flatten(resourceName(connector), read(connector)).values()
                .forEach(value -> PLACEHOLDER.matcher(value).results()
                        .filter(m -> m.group(1).isEmpty())
                        .forEach(m -> names.add(m.group(2))));
        return names;
    }

    private static String resourceName(String connector) {
        return RESOURCE_DIR + connector + ".json";
    }

    private static JsonNode read(String connector) {
        String resource = resourceName(connector);
        try (InputStream in = ConnectorConfigs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no connector configuration " + resource + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Map<String, String> fill(String source, JsonNode root, Map<String, String> values) {
        Map<String, String> raw = flatten(source, root);
        Set<String> missing = new TreeSet<>();
        Map<String, String> filled = new LinkedHashMap<>();
        raw.forEach((key, value) -> filled.put(key, substitute(value, values, missing)));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " needs placeholder(s) " + missing
                    + " that were not given (given: " + new TreeSet<>(values.keySet()) + ")");
        }
        return filled;
    }

    /** Connect configs are string to string: numbers and booleans are accepted and kept as text. */
    private static Map<String, String> flatten(String source, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " must hold one JSON object of config keys");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException(source + ": '" + field.getKey()
                        + "' must be a string, number or boolean, not " + value.getNodeType());
            }
            config.put(field.getKey(), value.asText());
        }
        return config;
    }

    private static String substitute(String value, Map<String, String> values, Set<String> missing) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}"; // escaped: not ours
            } else if (values.get(name) != null) {
                replacement = values.get(name);
            } else {
                missing.add(name);
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
