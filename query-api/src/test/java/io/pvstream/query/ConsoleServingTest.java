package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import io.pvstream.query.security.Role;
import io.pvstream.query.security.SecurityConfig;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The operator console as the API serves it: its static files and uPlot need no key (even with closed reads), {@code /}
 * leads to it, and {@code GET /api/v1/session} tells the console who its key is.
 */
class ConsoleServingTest {

    private final SecuredApiSupport support = new SecuredApiSupport();

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void theConsoleAndUplotAreServedWithoutAKeyEvenWithClosedReads() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(false, 1_000)), (server, client) -> {
            Response page = client.get("/console/");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.body().string()).contains("<script type=\"module\" src=\"app.js\">");
            Response module = client.get("/console/app.js");
            assertThat(module.code()).isEqualTo(200);
            assertThat(module.header("Content-Type")).contains("javascript");
            assertThat(module.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(client.get("/console/pages/pvs.js").code()).isEqualTo(200);
            Response uplot = client.get("/webjars/uplot/1.6.30/dist/uPlot.esm.js");
            assertThat(uplot.code()).isEqualTo(200);
            assertThat(uplot.body().string()).contains("export");
            assertThat(client.get("/console/no-such-file.js").code()).isEqualTo(404);
            assertThat(client.get("/api/v1/health").code()).as("while the API still needs one").isEqualTo(401);
        });
    }

    @Test
    void theRootAndTheBarePathRedirectToTheConsole() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(false, 1_000)), (server, client) -> {
            OkHttpClient noRedirects = client.getOkHttp().newBuilder().followRedirects(false).build();
            for (String path : new String[] {"/", "/console"}) {
                Response answer = noRedirects.newCall(new Request.Builder().url(client.getOrigin() + path).build())
                        .execute();
                assertThat(answer.code()).as(path).isEqualTo(302);
                assertThat(answer.header("Location")).as(path).isEqualTo("/console/");
            }
        });
    }

    @Test
    void theSessionNamesTheKeysRoleAndRefusesAWrongKey() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(true, 1_000)), (server, client) -> {
            JsonNode anonymous = ApiTestSupport.json(client.get("/api/v1/session"));
            assertThat(anonymous.path("security").asBoolean()).isTrue();
            assertThat(anonymous.path("readsOpen").asBoolean()).isTrue();
            assertThat(anonymous.path("authenticated").asBoolean()).isFalse();
            assertThat(anonymous.path("role").isNull()).isTrue();

            Response operator = client.get("/api/v1/session", request -> request
                    .header("Authorization", "Bearer " + support.keyOf.get(Role.OPERATOR)));
            JsonNode who = ApiTestSupport.json(operator);
            assertThat(who.path("authenticated").asBoolean()).isTrue();
            assertThat(who.path("name").asText()).isEqualTo("key-operator");
            assertThat(who.path("role").asText()).isEqualTo("operator");

            Response wrong = client.get("/api/v1/session", request -> request
                    .header("Authorization", "Bearer pvs_not-a-key"));
            assertThat(wrong.code()).isEqualTo(401);
            assertThat(ApiTestSupport.json(wrong).path("error").asText()).isEqualTo("unauthorized");
        });
    }

    @Test
    void withSecurityOffTheSessionSaysSo() {
        JavalinTest.test(support.app(SecurityConfig.Settings.disabled()), (server, client) -> {
            JsonNode session = ApiTestSupport.json(client.get("/api/v1/session"));
            assertThat(session.path("security").asBoolean()).isFalse();
            assertThat(session.path("authenticated").asBoolean()).isFalse();
        });
    }
}
