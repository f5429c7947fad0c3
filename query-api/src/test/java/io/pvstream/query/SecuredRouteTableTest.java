package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.security.Role;
import io.pvstream.query.security.RoutePolicy;
import io.pvstream.query.security.SecurityApi.RouteAccess;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Walks the route table of the whole API (every route Javalin holds, as QueryApiServer wires them): every write
 * needs a declared role, answers 401 without a key and 403 to every weaker role, and is reached with its own role.
 * A write route added without a role fails here, whoever adds it.
 */
class SecuredRouteTableTest {

    private final SecuredApiSupport support = new SecuredApiSupport();

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void everyWriteRouteDeclaresWhatItNeeds() {
        Javalin app = support.app(SecuredApiSupport.settings(true, 1_000));
        List<RouteAccess> routes = support.routes();
        assertThat(routes).as("the walk sees the routes of every group").extracting(RouteAccess::path)
                .contains("/api/v1/pvs/{name}", "/api/v1/configurations", "/api/v1/snapshots/{id}/restore",
                        "/api/v1/keys", "/api/v1/audit", "/api/v1/config/pvs/{name}",
                        "/api/v1/internal/snapshots/scan");
        assertThat(routes.stream().filter(route -> route.requirement().undeclared()).toList())
                .as("write routes registered without a role (declare one where the route is registered)").isEmpty();
        assertThat(writes(routes)).as("writes found").hasSizeGreaterThan(10);
        // the roles the design asks for
        assertThat(requirement(routes, "POST", "/api/v1/tags")).isEqualTo(Role.OPERATOR);
        assertThat(requirement(routes, "POST", "/api/v1/snapshots")).isEqualTo(Role.OPERATOR);
        assertThat(requirement(routes, "POST", "/api/v1/snapshots/{id}/restore")).isEqualTo(Role.RESTORER);
        assertThat(requirement(routes, "POST", "/api/v1/jobs/{id}/retry")).isEqualTo(Role.RESTORER);
        assertThat(requirement(routes, "PUT", "/api/v1/config/pvs/{name}")).isEqualTo(Role.ADMIN);
        assertThat(requirement(routes, "POST", "/api/v1/ops/dlq/{offset}/replay")).isEqualTo(Role.ADMIN);
        assertThat(requirement(routes, "POST", "/api/v1/keys")).isEqualTo(Role.ADMIN);
        assertThat(requirement(routes, "GET", "/api/v1/audit")).isEqualTo(Role.ADMIN);
        assertThat(requirement(routes, "POST", "/api/v1/history/at")).as("a query with a body").isEqualTo(Role.READER);
    }

    @Test
    void everyWriteIs401WithoutAKeyAnd403ForEveryWeakerRole() {
        Javalin app = support.app(SecuredApiSupport.settings(true, 1_000));
        List<RouteAccess> writes = writes(support.routes());
        JavalinTest.test(app, (server, client) -> {
            List<String> wrong = new ArrayList<>();
            for (RouteAccess route : writes) {
                String path = concrete(route.path());
                Response anonymous = send(client, route.method(), path, null);
                JsonNode body = ApiTestSupport.json(anonymous);
                if (anonymous.code() != 401 || !"unauthorized".equals(body.path("error").asText())
                        || anonymous.header("WWW-Authenticate") == null) {
                    wrong.add(route.method() + " " + path + " without a key: " + anonymous.code() + " " + body);
                }
                Role needed = route.requirement().role();
                for (Role role : Role.values()) {
                    int status = send(client, route.method(), path, support.keyOf.get(role)).code();
                    boolean refused = status == 403;
                    if (role.allows(needed) == refused || status == 401) {
                        wrong.add(route.method() + " " + path + " (needs " + needed.json() + ") with a "
                                + role.json() + " key: " + status);
                    }
                }
            }
            assertThat(wrong).isEmpty();
        });
    }

    @Test
    void internalRoutesNeedTheClusterTokenForPostsAndReadsStayOpen() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(true, 1_000)), (server, client) -> {
            assertThat(send(client, "POST", "/api/v1/internal/snapshots/scan", support.keyOf.get(Role.ADMIN)).code())
                    .as("an admin key is no cluster token").isEqualTo(401);
            assertThat(client.request("/api/v1/internal/snapshots/scan", request -> request
                    .header("X-Pvstream-Cluster-Token", SecuredApiSupport.CLUSTER_TOKEN)
                    .post(RequestBody.create("{\"names\":[]}", MediaType.get("application/json")))).code())
                    .isEqualTo(200);
            assertThat(client.get("/api/v1/pvs?limit=1").code()).as("open reads").isEqualTo(200);
        });
    }

    @Test
    void closedReadsNeedAKeyOfAnyRoleOrTheClusterToken() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(false, 1_000)), (server, client) -> {
            Response anonymous = client.get("/api/v1/pvs?limit=1");
            assertThat(anonymous.code()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(send(client, "GET", "/api/v1/pvs?limit=1", support.keyOf.get(Role.READER)).code())
                    .isEqualTo(200);
            assertThat(client.request("/api/v1/pvs?limit=1", request -> request
                    .header("X-Pvstream-Cluster-Token", SecuredApiSupport.CLUSTER_TOKEN)).code())
                    .as("a forwarded read").isEqualTo(200);
            assertThat(client.get("/api/v1/internal/ops/summary").code()).isEqualTo(401);
            assertThat(webSocketStatus(server.port(), null)).as("the WebSocket upgrade").isEqualTo(401);
            assertThat(webSocketStatus(server.port(), "?token=" + support.keyOf.get(Role.READER)))
                    .as("a browser's key in the query").isEqualTo(101);
            assertThat(send(client, "GET", "/api/v1/keys", support.keyOf.get(Role.RESTORER)).code()).isEqualTo(403);
        });
    }

    /** 101 once upgraded, else the status of the refused upgrade. */
    private static int webSocketStatus(int port, String query) {
        try {
            java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/api/v1/ws" + (query == null ? ""
                            : query)), new java.net.http.WebSocket.Listener() { })
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<RouteAccess> writes(List<RouteAccess> routes) {
        return routes.stream().filter(route -> RoutePolicy.isWrite(route.method()))
                .filter(route -> !route.requirement().internal())
                .filter(route -> route.requirement().role() != Role.READER) // queries with a body (history/at)
                .toList();
    }

    private static Role requirement(List<RouteAccess> routes, String method, String path) {
        return routes.stream().filter(route -> route.method().equals(method) && route.path().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError(method + " " + path + " is not registered"))
                .requirement().role();
    }

    /** A path a request can be sent to: every parameter replaced by a plausible value. */
    static String concrete(String template) {
        return template.replace("{id}", "00000000-0000-4000-8000-000000000001").replace("{name}", "SIM:A")
                .replace("{offset}", "0").replaceAll("\\{[^}]+}", "x");
    }

    static Response send(HttpClient client, String method, String path, String key) {
        return client.request(path, request -> {
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            RequestBody body = method.equals("GET") || method.equals("DELETE") ? null
                    : RequestBody.create("{}", MediaType.get("application/json"));
            request.method(method, body);
        });
    }
}
