package io.pvstream.query.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.apache.kafka.streams.state.HostInfo;
import io.pvstream.records.cluster.PeerClient;

/**
 * {@link PeerClient} over {@code java.net.http}: HTTP/1.1 (HTTPS when the instances use TLS), one shared connection
 * pool, the cluster token on every request when one is configured.
 */
public final class HttpPeerClient implements PeerClient {

    /** Headers of a peer's answer worth passing on to our client. */
    private static final List<String> RELAYED_HEADERS = List.of("retry-after", SERVED_BY.toLowerCase(Locale.ROOT));

    private final HttpClient http;
    private final Duration timeout;
    private final Supplier<HostInfo> self;
    private final String clusterToken;
    private final String scheme;

    /**
     * @param timeout per request, connection included
     * @param self    this instance's address, for the {@link #FORWARDED_BY} header (known once HTTP listens)
     */
    public HttpPeerClient(Duration timeout, Supplier<HostInfo> self) {
        this(timeout, self, null, null);
    }

    /**
     * @param clusterToken sent as {@link #CLUSTER_TOKEN} on every request ({@code security.internal.token}), or null
     * @param tls          the peers speak HTTPS and are verified with this context; null = plain HTTP
     */
    public HttpPeerClient(Duration timeout, Supplier<HostInfo> self, String clusterToken, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // Jetty here speaks no h2c: skip the upgrade attempt
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.timeout = timeout;
        this.self = self;
        this.clusterToken = clusterToken;
        this.scheme = tls != null ? "https://" : "http://";
    }

    @Override
    public CompletableFuture<PeerResponse> get(HostInfo peer, String pathAndQuery) {
        HostInfo from = self.get();
        HttpRequest request = withToken(HttpRequest.newBuilder(URI.create(scheme + authority(peer) + pathAndQuery)))
                .timeout(timeout)
                .header(FORWARDED_BY, from.host() + ":" + from.port())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS) // the request timeout stops at the headers
                .thenApply(HttpPeerClient::toPeerResponse);
    }

    @Override
    public CompletableFuture<PeerResponse> post(HostInfo peer, String path, String jsonBody, Duration requestTimeout) {
        HostInfo from = self.get();
        HttpRequest request = withToken(HttpRequest.newBuilder(URI.create(scheme + authority(peer) + path)))
                .timeout(requestTimeout)
                .header(FORWARDED_BY, from.host() + ":" + from.port())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(HttpPeerClient::toPeerResponse);
    }

    private HttpRequest.Builder withToken(HttpRequest.Builder builder) {
        return clusterToken == null ? builder : builder.header(CLUSTER_TOKEN, clusterToken);
    }

    private static String authority(HostInfo peer) {
        String host = peer.host().contains(":") && !peer.host().startsWith("[") ? "[" + peer.host() + "]" : peer.host();
        return host + ":" + peer.port();
    }

    private static PeerResponse toPeerResponse(HttpResponse<String> response) {
        Map<String, String> headers = new HashMap<>();
        for (String name : RELAYED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        String contentType = response.headers().firstValue("content-type").orElse("application/json");
        return new PeerResponse(response.statusCode(), contentType, response.body(), headers);
    }
}
