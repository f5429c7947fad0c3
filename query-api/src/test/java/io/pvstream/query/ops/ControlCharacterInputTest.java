package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import okhttp3.Response;

/**
 * Over HTTP: text PostgreSQL cannot store (a NUL) is a 400 with a JSON error at the API, not a dead letter of
 * the JDBC sink later; nothing is buffered.
 */
class ControlCharacterInputTest extends OpsApiSupport {

    @Test
    void aNulInATagOrConfigurationIs400AndNothingIsBuffered() {
        JavalinTest.test(app(), (server, client) -> {
            assertBadRequest(client.post("/api/v1/tags", "{\"name\":\"gold\\u0000en\"}"), "name: must not contain");
            assertBadRequest(client.post("/api/v1/tags", "{\"name\":\"g\",\"description\":\"a\\u0000\"}"),
                    "description: must not contain control characters");
            assertBadRequest(client.post("/api/v1/configurations", "{\"name\":\"c\",\"pvs\":[{\"name\":\"SIM:\\u0000\"}]}"),
                    "pvs[0].name");
            assertThat(publisher.sent).isEmpty();

            assertThat(client.post("/api/v1/tags", "{\"name\":\"g\",\"description\":\"line 1\\nline 2\"}").code())
                    .isEqualTo(201);
            assertThat(publisher.sent).hasSize(1);
        });
    }

    private static void assertBadRequest(Response response, String message) {
        assertThat(response.code()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("bad_request");
        assertThat(body.path("message").asText()).contains(message);
    }
}
