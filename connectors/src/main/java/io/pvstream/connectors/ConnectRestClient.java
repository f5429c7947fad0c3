package io.pvstream.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few calls of the Kafka Connect REST API that the platform needs. */
final class ConnectRestClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** 200 once the worker has joined its group and read the config topic (KIP-1017). */
    boolean healthy() {
        try {
            return send(HttpRequest.newBuilder(uri("/health")).GET()).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    /** Creates or updates: PUT is idempotent, so registering on every start is safe. */
    void putConfig(String connector, Map<String, String> config) {
        String body;
        try {
            body = json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config of " + connector + " is not serializable", e);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(connector) + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        expect(response, "PUT config of " + connector, 200, 201);
    }

    /** The status document, or empty while the connector is unknown to the worker. */
    Optional<JsonNode> status(String connector) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(connector) + "/status")).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, "GET status of " + connector, 200);
        return Optional.of(parse(response.body()));
    }

    boolean exists(String connector) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(connector))).GET());
        return response.statusCode() == 200;
    }

    /** Deletes; a connector that is already gone is fine. */
    void delete(String connector) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(connector))).DELETE());
        expect(response, "DELETE " + connector, 200, 204, 404);
    }

    /** Restarts the connector and those of its tasks that failed (after the cause was fixed). */
    void restartFailed(String connector) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        uri("/connectors/" + encode(connector) + "/restart?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(response, "restart " + connector, 200, 202, 204);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Connect REST " + baseUrl + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling Connect REST " + baseUrl, e);
        }
    }

    private static void expect(HttpResponse<String> response, String what, int... accepted) {
        for (int code : accepted) {
            if (response.statusCode() == code) {
                return;
            }
        }
        throw new IllegalStateException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Connect REST answered non-JSON: " + body, e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String connectorName) {
        return URLEncoder.encode(connectorName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
