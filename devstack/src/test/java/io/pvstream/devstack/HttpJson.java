package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A tiny JSON-over-HTTP client for tests against a running query API. Sends {@link TestPlatform#ADMIN_KEY} as
 * {@code Authorization: Bearer} on every request to the query API (not to other URLs such as Connect's), so tests
 * that are not about security work with security on; {@link #withKey} makes one that sends another key or none.
 */
final class HttpJson {

    record Response(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String key;

    HttpJson() {
        this(TestPlatform.ADMIN_KEY);
    }

    private HttpJson(String key) {
        this.key = key;
    }

    /** A client that sends {@code key} (null: no Authorization header at all). */
    static HttpJson withKey(String key) {
        return new HttpJson(key);
    }

    /** DELETE on the query API. */
    Response delete(int port, String path) {
        return send(api(port, path).DELETE());
    }

    /** PUT of a JSON body on the query API. */
    Response put(int port, String path, String json) {
        return send(api(port, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request to the query API on {@code port}, with the key. */
    private HttpRequest.Builder api(int port, String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    Response get(int port, String pathAndQuery) {
        return send(api(port, pathAndQuery).GET());
    }

    Response post(int port, String path, String json) {
        return post(port, path, json, Duration.ofSeconds(15));
    }

    /** POST that may take longer than the usual 15 s (a 40K-PV snapshot save on a busy machine, say). */
    Response post(int port, String path, String json, Duration timeout) {
        return send(api(port, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    /** GET whose answer is text (e.g. CSV): status and body as they are. */
    TextResponse getText(int port, String pathAndQuery) {
        HttpRequest request = api(port, pathAndQuery).timeout(Duration.ofSeconds(15)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new TextResponse(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record TextResponse(int status, String contentType, String body) {
    }

    /** GET of any URL (e.g. Connect's REST API). */
    Response getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** PUT without a body to any URL (e.g. Connect's pause/resume). */
    Response put(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    private Response send(HttpRequest.Builder builder) {
        return send(builder, Duration.ofSeconds(15));
    }

    private Response send(HttpRequest.Builder builder, Duration timeout) {
        HttpRequest request = builder.timeout(timeout).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
