package io.pvstream.devstack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Malformed and hostile requests for one route of the route table, derived from the route's template and from its
 * OpenAPI operation (query parameters with their types and limits, the example request body): each request is valid
 * but for one thing (a path segment, a query parameter, the body), so what refuses it is the check of that one thing.
 */
final class HostileRequests {

    enum Expect {
        /** a 4xx with a JSON error */
        REFUSED,
        /** anything but a 5xx or a hang; an error must be JSON */
        NO_SERVER_ERROR
    }

    /** @param headers sent besides the key and the Content-Type (raw attacks on framing and sizes) */
    record Attack(String route, String what, String method, String target, String contentType, byte[] body,
                  Expect expect, Map<String, String> headers) {

        Attack(String route, String what, String method, String target, String contentType, byte[] body,
               Expect expect) {
            this(route, what, method, target, contentType, body, expect, Map.of());
        }
    }

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private final JsonNode description;
    /** (route template, parameter) → a value that names something that exists */
    private final BiFunction<String, String, String> realValue;
    private final int maxBodyBytes;

    HostileRequests(JsonNode description, BiFunction<String, String, String> realValue, int maxBodyBytes) {
        this.description = description;
        this.realValue = realValue;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Every attack on {@code method template}; fails if the route is not described. */
    List<Attack> of(String method, String template) {
        JsonNode operation = description.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            throw new AssertionError(method + " " + template + " is not in openapi.json: describe it there");
        }
        boolean internal = template.startsWith("/api/v1/internal/");
        String route = method + " " + template;
        JsonNode example = operation.path("requestBody").path("content").path("application/json").path("example");
        byte[] body = example.isMissingNode() ? null : example.toString().getBytes(StandardCharsets.UTF_8);
        String contentType = body == null ? null : "application/json";
        Map<String, String> required = requiredQuery(operation);
        List<Attack> attacks = new ArrayList<>();

        Matcher params = PARAM.matcher(template);
        while (params.find()) {
            String param = params.group(1);
            List<String> values = new ArrayList<>(HostileValues.invalidSegments());
            boolean creatableByName = param.equals("name") && (method.equals("PUT") || method.equals("DELETE"));
            if (!creatableByName) { // PUT/DELETE of any well-formed PV name is a real, idempotent write
                values.addAll(HostileValues.unknownSegments(param));
            }
            for (String value : values) {
                boolean unknown = !HostileValues.invalidSegments().contains(value);
                attacks.add(new Attack(route, "{" + param + "}=" + abbreviate(value), method,
                        path(template, param, value) + query(required, null, null), contentType, body,
                        unknown && internal ? Expect.NO_SERVER_ERROR : Expect.REFUSED));
            }
        }
        String path = path(template, null, null);
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String value : HostileValues.invalidQueryValues(parameter.path("schema"))) {
                attacks.add(new Attack(route, name + "=" + abbreviate(value), method, path + query(required, name, value),
                        contentType, body, Expect.REFUSED));
            }
            if (HostileValues.invalidQueryValues(parameter.path("schema")).isEmpty()) {
                for (String value : HostileValues.probes()) {
                    attacks.add(new Attack(route, name + "=" + abbreviate(value), method,
                            path + query(required, name, value), contentType, body, Expect.NO_SERVER_ERROR));
                }
            }
            if (parameter.path("required").asBoolean()) {
                Map<String, String> without = new LinkedHashMap<>(required);
                without.remove(name);
                attacks.add(new Attack(route, name + " missing", method, path + query(without, null, null),
                        contentType, body, Expect.REFUSED));
            }
        }
        if (hasQuery(operation, "from") && hasQuery(operation, "to")) {
            attacks.add(new Attack(route, "from after to", method, path + query(required, null, null)
                    + sep(required) + "from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", contentType, body,
                    Expect.REFUSED));
        }
        if (hasQuery(operation, "bin")) {
            attacks.add(new Attack(route, "130 years in 1 ms bins", method, path + query(required, null, null)
                    + sep(required) + "from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&bin=1ms", contentType, body,
                    Expect.REFUSED));
        }
        if (body != null) {
            String target = path + query(required, null, null);
            bodies(example, operation.path("requestBody").path("required").asBoolean()).forEach((what, bytes) -> attacks.add(new Attack(route, what, method, target,
                    "application/json", bytes, Expect.REFUSED)));
            if (operation.path("requestBody").path("content").has("text/csv")) {
                attacks.add(new Attack(route, "CSV of control characters", method, target, "text/csv",
                        "\u0000\u0001,\u0002\n\u0003,x\n".getBytes(StandardCharsets.UTF_8), Expect.REFUSED));
            }
        }
        return attacks;
    }

    /** The template with a real value for every parameter. */
    String concrete(String template) {
        return path(template, null, null);
    }

    /** Malformed, mistyped and oversized bodies, by what is wrong with them. */
    private Map<String, byte[]> bodies(JsonNode example, boolean bodyRequired) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        if (bodyRequired) { // else no body has a meaning of its own (a restore of every PV)
            bodies.put("empty body", new byte[0]);
        }
        bodies.put("truncated JSON", utf8("{\"name\": \"x\","));
        bodies.put("JSON with unquoted names", utf8("{name: x}"));
        bodies.put("trailing garbage", utf8(example + "}}"));
        bodies.put("not JSON", utf8("hello"));
        bodies.put("top-level string", utf8("\"text\""));
        bodies.put("top-level number", utf8("42"));
        bodies.put("top-level null", utf8("null"));
        bodies.put(example.isArray() ? "top-level object" : "top-level array", utf8(example.isArray() ? "{}" : "[]"));
        bodies.put("nesting 100000 deep", utf8("[".repeat(100_000) + "]".repeat(100_000)));
        bodies.put("invalid UTF-8", concat(utf8("{\"name\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
        bodies.put("body over http.max.request.bytes", oversized(example));
        ObjectNode object = example.isObject() ? (ObjectNode) example
                : example.isArray() && example.path(0).isObject() ? (ObjectNode) example.path(0) : null;
        if (object != null) {
            for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                for (JsonNode wrong : HostileValues.wrongTypes(object.get(field))) {
                    ObjectNode copy = object.deepCopy();
                    copy.set(field, wrong);
                    String json = example.isArray() ? "[" + copy + "]" : copy.toString();
                    bodies.put(field + "=" + wrong, utf8(json));
                }
                if (object.get(field).isTextual()) {
                    ObjectNode copy = object.deepCopy();
                    copy.put(field, "x".repeat(100_000) + "\u0000");
                    bodies.put(field + " of 100000 characters and a NUL", utf8(example.isArray() ? "[" + copy + "]"
                            : copy.toString()));
                }
            }
        }
        return bodies;
    }

    private byte[] oversized(JsonNode example) {
        String padding = "x".repeat(maxBodyBytes + 1);
        return utf8(example.isArray() ? "[{\"name\":\"" + padding + "\"}]" : "{\"name\":\"" + padding + "\"}");
    }

    /** The template with real values, and {@code value} (raw, already encoded) for {@code param}. */
    private String path(String template, String param, String value) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = name.equals(param) ? value
                    : URLEncoder.encode(realValue.apply(template, name), StandardCharsets.UTF_8).replace("+", "%20");
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Required parameters with their example values, {@code name} set to {@code value} (raw). */
    private static String query(Map<String, String> required, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(required);
        if (name != null) {
            all.put(name, value);
        }
        StringBuilder out = new StringBuilder();
        all.forEach((key, raw) -> out.append(out.length() == 0 ? "?" : "&").append(key).append('=').append(raw));
        return out.toString();
    }

    private static String sep(Map<String, String> required) {
        return required.isEmpty() ? "?" : "&";
    }

    private static Map<String, String> requiredQuery(JsonNode operation) {
        Map<String, String> required = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean()) {
                required.put(parameter.path("name").asText(), parameter.path("example").asText());
            }
        }
        return required;
    }

    private static boolean hasQuery(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query") && parameter.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 12) + "...(" + value.length() + " chars)";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
