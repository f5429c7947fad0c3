package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.security.Role;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * What BadInputEndToEndTest (devstack) found accepted or failing, each refused now with a 400 JSON error before
 * anything is written: trailing garbage after a JSON body, bytes that are not UTF-8 (in the body and in the path),
 * a null scan request, a lenient boolean, a base64 "cursor" of NULs, unknown formats, a NUL in a search term.
 */
class HostileInputTest {

    private static final MediaType JSON = MediaType.get("application/json");
    private final SecuredApiSupport support = new SecuredApiSupport();

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void malformedBodiesAreRefusedAndNothingIsBuffered() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(true, 1_000)), (server, client) -> {
            assertRefused(send(client, "POST", "/api/v1/tags", utf8("{\"name\":\"x\"}}")), "trailing garbage");
            byte[] overlongSlash = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
            assertRefused(send(client, "POST", "/api/v1/tags", overlongSlash), "an overlong UTF-8 '/'");
            assertRefused(send(client, "PUT", "/api/v1/config/pvs/SIM:A", utf8("{}}")), "trailing garbage");
            assertRefused(send(client, "PUT", "/api/v1/config/pvs/%C0%AF", utf8("{}")), "a path that is not UTF-8");
            assertRefused(send(client, "POST", "/api/v1/internal/snapshots/scan", utf8("null")), "a null scan");
            assertRefused(send(client, "POST", "/api/v1/internal/snapshots/scan", utf8("{\"names\":[123]}")),
                    "a number for a name");
            Response imported = send(client, "POST", "/api/v1/config/pvs/import", utf8("[{\"name\":\"bad name\"}]"));
            JsonNode report = assertRefused(imported, "an import of no good line");
            assertThat(report.path("failed").asInt()).as("the report is still there").isEqualTo(1);
            assertThat(support.buffered).as("nothing reached ops.tx").isEmpty();
        });
    }

    @Test
    void badQueryParametersAreRefused() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(true, 1_000)), (server, client) -> {
            assertRefused(send(client, "GET", "/api/v1/internal/ops/pending?type=tag&listForm=maybe", null),
                    "a boolean that is neither");
            assertRefused(send(client, "GET", "/api/v1/tags?after=AAAAAAAAAAAA", null), "a cursor of NULs");
            assertRefused(send(client, "GET", "/api/v1/snapshots?q=%00", null), "a NUL in a search");
            assertRefused(send(client, "GET", "/api/v1/snapshots/00000000-0000-4000-8000-000000000001?format=xml",
                    null), "an unknown format");
            assertRefused(send(client, "GET", "/api/v1/pvs?prefix=%C0%AF", null), "a query that is not UTF-8");
            assertRefused(send(client, "GET", "/api/v1/internal/ops/pending/bad%0Aid", null), "a control character");
        });
    }

    private Response send(HttpClient client, String method, String path, byte[] body) {
        return client.request(path, request -> {
            if (path.startsWith("/api/v1/internal/")) {
                request.header("X-Pvstream-Cluster-Token", SecuredApiSupport.CLUSTER_TOKEN);
            } else {
                request.header("Authorization", "Bearer " + support.keyOf.get(Role.ADMIN));
            }
            request.method(method, body == null ? null : RequestBody.create(body, JSON));
        });
    }

    private static JsonNode assertRefused(Response response, String what) {
        assertThat(response.code()).as(what).isEqualTo(400);
        JsonNode body = ApiTestSupport.json(response);
        assertThat(body.path("error").asText()).as(what + ": " + body).isEqualTo("bad_request");
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
