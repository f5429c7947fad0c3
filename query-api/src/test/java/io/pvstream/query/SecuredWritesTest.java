package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.security.Role;
import io.pvstream.query.security.SecurityApi;
import io.pvstream.query.security.SecurityConfig;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.schemas.avro.OpsTransaction;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Who a write is attributed to, what the audit trail records of it, and how failed authentication is limited. */
class SecuredWritesTest {

    private final SecuredApiSupport support = new SecuredApiSupport();

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void aWriteIsAttributedToItsKeyAndAuditedWithItsOutcome() {
        JavalinTest.test(support.app(SecuredApiSupport.settings(true, 1_000)), (server, client) -> {
            Response created = client.request("/api/v1/tags", request -> request
                    .header("Authorization", "Bearer " + support.keyOf.get(Role.OPERATOR))
                    .header("X-Pvstream-Author", "someone else")
                    .post(RequestBody.create("{\"name\":\"golden\"}", MediaType.get("application/json"))));
            assertThat(created.code()).isEqualTo(201);
            String tagId = ApiTestSupport.json(created).path("id").asText();
            OpsTransaction tx = support.buffered.get(0);
            assertThat(tx.getAuthor()).as("the key's name, not the header").isEqualTo("key-operator");

            Response refused = SecuredRouteTableTest.send(client, "DELETE", "/api/v1/ops/dlq/0/replay",
                    support.keyOf.get(Role.RESTORER));
            assertThat(refused.code()).isEqualTo(404); // only POST exists: no matched route, not audited
            Response forbidden = SecuredRouteTableTest.send(client, "POST", "/api/v1/ops/dlq/7/replay",
                    support.keyOf.get(Role.RESTORER));
            assertThat(forbidden.code()).isEqualTo(403);
            Response anonymous = SecuredRouteTableTest.send(client, "POST", "/api/v1/tags", null);
            assertThat(anonymous.code()).isEqualTo(401);
            Response bad = SecuredRouteTableTest.send(client, "POST", "/api/v1/tags", support.keyOf.get(Role.ADMIN));
            assertThat(bad.code()).isEqualTo(400);

            List<AuditEvent> audited = support.audited;
            assertThat(audited).extracting(AuditEvent::getStatus).containsExactly(201, 403, 400);
            AuditEvent first = audited.get(0);
            assertThat(first.getKeyName()).isEqualTo("key-operator");
            assertThat(first.getRole()).isEqualTo("operator");
            assertThat(first.getKeyId()).isEqualTo(support.known.all().stream()
                    .filter(key -> key.getName().equals("key-operator")).findFirst().orElseThrow().getId());
            assertThat(first.getMethod()).isEqualTo("POST");
            assertThat(first.getPath()).isEqualTo("/api/v1/tags");
            assertThat(first.getTargetId()).as("the created tag").isEqualTo(tagId);
            assertThat(first.getRemoteAddress()).isEqualTo("127.0.0.1");
            assertThat(first.getInstance()).isEqualTo("127.0.0.1:7001");
            assertThat(audited.get(1).getTargetId()).as("the id in the path").isEqualTo("7");
            assertThat(audited.get(1).getKeyName()).isEqualTo("key-restorer");
            assertThat(audited.get(2).getKeyName()).isEqualTo("key-admin");
        });
    }

    @Test
    void withSecurityOffTheAuthorHeaderStillNamesTheAuthorAndTheWriteIsAudited() {
        JavalinTest.test(support.app(SecurityConfig.Settings.disabled()), (server, client) -> {
            Response created = client.request("/api/v1/tags", request -> request
                    .header("X-Pvstream-Author", "alice")
                    .post(RequestBody.create("{\"name\":\"golden\"}", MediaType.get("application/json"))));
            assertThat(created.code()).isEqualTo(201);
            assertThat(support.buffered.get(0).getAuthor()).isEqualTo("alice");
            assertThat(support.audited).hasSize(1);
            assertThat(support.audited.get(0).getKeyName()).isEqualTo("alice");
            assertThat(support.audited.get(0).getKeyId()).isNull();
        });
    }

    @Test
    void failedAuthenticationsAreLimitedPerAddressAndNeverEchoTheKey() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        String guess = "pvs_a-guessed-key-that-must-never-be-echoed-000000";
        try {
            JavalinTest.test(support.app(SecuredApiSupport.settings(true, 3)), (server, client) -> {
                StringBuilder bodies = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    Response wrong = SecuredRouteTableTest.send(client, "POST", "/api/v1/tags", guess);
                    assertThat(wrong.code()).isEqualTo(401);
                    bodies.append(wrong.body().string());
                }
                Response limited = SecuredRouteTableTest.send(client, "POST", "/api/v1/tags",
                        support.keyOf.get(Role.ADMIN));
                assertThat(limited.code()).as("even a valid key, once limited").isEqualTo(429);
                assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
                JsonNode body = ApiTestSupport.json(limited);
                assertThat(body.path("error").asText()).isEqualTo("too_many_requests");
                assertThat(bodies.toString()).contains("nknown API key").doesNotContain(guess);
                assertThat(support.audited).as("nobody was identified").isEmpty();
            });
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("authentication failed"))
                .noneMatch(line -> line.contains(guess) || line.contains(SecuredApiSupport.BOOTSTRAP_KEY));
    }

    @Test
    void aWriteRouteAddedWithoutARoleIsFoundAndOnlyAdminsMayUseIt() {
        Javalin app = support.app(SecuredApiSupport.settings(true, 1_000));
        app.post("/api/v1/experimental", ctx -> ctx.result("done"));
        assertThat(support.routes()).filteredOn(route -> route.requirement().undeclared())
                .extracting(SecurityApi.RouteAccess::path).containsExactly("/api/v1/experimental");
        JavalinTest.test(app, (server, client) -> {
            assertThat(SecuredRouteTableTest.send(client, "POST", "/api/v1/experimental",
                    support.keyOf.get(Role.RESTORER)).code()).isEqualTo(403);
            assertThat(SecuredRouteTableTest.send(client, "POST", "/api/v1/experimental",
                    support.keyOf.get(Role.ADMIN)).code()).isEqualTo(200);
            assertThat(SecuredRouteTableTest.send(client, "POST", "/api/v1/experimental",
                    SecuredApiSupport.BOOTSTRAP_KEY).code()).as("the bootstrap key from configuration").isEqualTo(200);
        });
    }
}
