package io.pvstream.devstack;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The bad values {@link HostileRequests} puts in path segments, query parameters and JSON fields, already
 * percent-encoded where they go into a URL. Each list holds values no route may accept; {@link #probes} are merely
 * nasty (a search term may legitimately be anything) and must only not break the server.
 */
final class HostileValues {

    static final String LONG = "A".repeat(5_000);

    private HostileValues() {
    }

    /** Path segments no route accepts: too long, control characters, white space, broken encodings. */
    static List<String> invalidSegments() {
        return List.of(LONG, "bad%00name", "bad%0Aname", "bad%09name", "bad%20name", "%C0%AF", "bad%ZZname");
    }

    /** Well-formed but naming nothing: an unknown id, a traversal, a glob. */
    static List<String> unknownSegments(String param) {
        String unknown = switch (param) {
            case "name" -> "NO:SUCH:PV:BADINPUT";
            case "offset" -> "999999999999";
            case "fingerprint" -> "0123456789abcdef";
            default -> "00000000-0000-4000-8000-00000000bad1";
        };
        return List.of(unknown, "..%2F..%2F..%2Fetc%2Fpasswd", "..", "%2A");
    }

    /** Values a query parameter of this OpenAPI schema must refuse (empty: any value may be fine). */
    static List<String> invalidQueryValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        String format = schema.path("format").asText();
        switch (schema.path("type").asText()) {
            case "integer" -> {
                if (schema.has("minimum")) {
                    values.add(Long.toString(schema.path("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    values.add(Long.toString(schema.path("maximum").asLong() + 1));
                }
                if (!format.equals("int64")) {
                    values.add("2147483648");
                }
                values.addAll(List.of("99999999999999999999", "abc", "1.5", "%00"));
            }
            case "number" -> values.addAll(List.of("NaN", "-1", "Infinity", "abc", "1e999"));
            case "boolean" -> values.addAll(List.of("maybe", "2"));
            default -> {
                if (format.equals("date-time")) {
                    values.addAll(List.of("yesterday", "2026-13-45T99:00:00Z", "1e10", "%00"));
                } else if (format.equals("cursor")) {
                    values.addAll(List.of("!!!", "eyJ4IjoxfQ", LONG, "%00", "%C0%AF"));
                } else if (format.equals("duration")) {
                    values.addAll(List.of("0s", "-1m", "abc", "367d", "1ns"));
                } else if (schema.has("enum")) {
                    values.addAll(List.of("xml", "%00", "csv%0A"));
                }
            }
        }
        return values;
    }

    /** Nasty values for free-text parameters (names, prefixes, search terms). */
    static List<String> probes() {
        return List.of("%27%20OR%20%271%27%3D%271%27%20--", "%00", LONG, "%C0%AF", "*%3F%5B", "%25%25");
    }

    /** JSON values of the wrong type for a field whose example value is {@code example}. */
    static List<JsonNode> wrongTypes(JsonNode example) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (example.isTextual()) {
            return List.of(json.numberNode(123), json.objectNode(), json.arrayNode(), json.booleanNode(true));
        } else if (example.isNumber()) {
            return List.of(json.textNode("x"), json.objectNode(), json.arrayNode(), json.booleanNode(true));
        } else if (example.isBoolean()) {
            return List.of(json.textNode("yes"), json.numberNode(1), json.objectNode());
        } else if (example.isArray()) {
            return List.of(json.numberNode(123), json.objectNode(), json.booleanNode(true),
                    json.arrayNode().add(123), json.arrayNode().addNull());
        }
        return List.of(json.numberNode(123), json.textNode("x"), json.arrayNode());
    }
}
