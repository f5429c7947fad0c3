package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.testtools.JavalinTest;
import io.pvstream.query.http.OpenApiDescription;
import io.pvstream.query.security.SecurityApi.RouteAccess;
import okhttp3.Response;

/**
 * The OpenAPI description ({@code openapi.json}, kept by hand) against the route table Javalin holds for the whole
 * API as QueryApiServer wires it: every route described, nothing described that does not exist, each with the role
 * the route declares and its path parameters. When a route is added, this test names it and says what to add.
 */
class OpenApiRouteTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecuredApiSupport support = new SecuredApiSupport();

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void everyRouteIsDescribedAndNothingElse() throws IOException {
        support.app(SecuredApiSupport.settings(true, 1_000));
        Set<String> registered = new TreeSet<>();
        support.routes().forEach(route -> registered.add(route.method() + " " + route.path()));
        Set<String> described = new TreeSet<>(operations(description()).keySet());

        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(described);
        Set<String> extra = new TreeSet<>(described);
        extra.removeAll(registered);
        List<String> problems = new ArrayList<>();
        missing.forEach(route -> problems.add("not described (add it to query-api/src/main/resources/openapi.json "
                + "under \"paths\"): " + route));
        extra.forEach(route -> problems.add("described but no such route (remove it from openapi.json): " + route));
        assertThat(problems).as("OpenAPI description vs route table").isEmpty();
        assertThat(registered).as("the walk sees every group").hasSizeGreaterThan(50)
                .contains("GET /metrics", "GET " + OpenApiDescription.PATH);
    }

    @Test
    void eachOperationDeclaresTheRouteRoleAndItsPathParameters() throws IOException {
        support.app(SecuredApiSupport.settings(true, 1_000));
        Map<String, JsonNode> operations = operations(description());
        List<String> problems = new ArrayList<>();
        for (RouteAccess route : support.routes()) {
            JsonNode operation = operations.get(route.method() + " " + route.path());
            if (operation == null) {
                continue; // the test above names it
            }
            String role = route.requirement().internal() ? "internal"
                    : route.requirement().role().name().toLowerCase(Locale.ROOT);
            if (!role.equals(operation.path("x-pvstream-role").asText())) {
                problems.add(route.method() + " " + route.path() + ": x-pvstream-role should be \"" + role
                        + "\", is \"" + operation.path("x-pvstream-role").asText() + "\"");
            }
            Set<String> declared = new TreeSet<>();
            operation.path("parameters").forEach(parameter -> {
                if (parameter.path("in").asText().equals("path")) {
                    declared.add(parameter.path("name").asText());
                }
            });
            Set<String> inTemplate = new TreeSet<>();
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.path());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            if (!declared.equals(inTemplate)) {
                problems.add(route.method() + " " + route.path() + ": path parameters " + declared + " should be "
                        + inTemplate);
            }
            if (!operation.path("responses").fieldNames().hasNext() || operation.path("summary").asText().isBlank()) {
                problems.add(route.method() + " " + route.path() + ": needs a summary and responses");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theDescriptionIsServedAsJson() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(false, 1_000)), (server, client) -> {
            Response anonymous = client.get(OpenApiDescription.PATH);
            assertThat(anonymous.code()).as("closed reads: a key is needed, as for any read").isEqualTo(401);
            Response served = SecuredRouteTableTest.send(client, "GET", OpenApiDescription.PATH,
                    support.keyOf.get(io.pvstream.query.security.Role.READER));
            assertThat(served.code()).isEqualTo(200);
            assertThat(served.header("Content-Type")).startsWith("application/json");
            JsonNode document = ApiTestSupport.json(served);
            assertThat(document.path("openapi").asText()).startsWith("3.");
            assertThat(document.path("paths").has("/api/v1/pvs/{name}")).isTrue();
        });
    }

    /** "METHOD /path" → the operation, from the resource the server serves. */
    static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }
        return operations;
    }

    static JsonNode description() throws IOException {
        try (InputStream in = OpenApiDescription.class.getResourceAsStream(OpenApiDescription.RESOURCE)) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return JSON.readTree(in);
        }
    }
}
