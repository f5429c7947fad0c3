package io.pvstream.records.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.state.HostInfo;

/** HTTP requests to other query-api instances, marked with {@link #FORWARDED_BY} so they never forward again. */
public interface PeerClient {

    /** Request header naming the instance that forwarded the request ({@code host:port}). */
    String FORWARDED_BY = "X-Pvstream-Forwarded-By";
    /**
     * Request header with the shared cluster secret ({@code security.internal.token}), so another instance accepts
     * internal requests (and, with closed reads, forwarded reads) of this one.
     */
    String CLUSTER_TOKEN = "X-Pvstream-Cluster-Token";
    /** Response header naming the instance whose store answered ({@code host:port}). */
    String SERVED_BY = "X-Pvstream-Served-By";

    /**
     * @param pathAndQuery already encoded, e.g. {@code /api/v1/pvs/SIM%3AA}
     * @return the answer, whatever its status; completes exceptionally if the peer cannot be reached in time
     */
    CompletableFuture<PeerResponse> get(HostInfo peer, String pathAndQuery);

    /**
     * A POST of a JSON body (for internal requests too large for a query string).
     *
     * @param path    already encoded
     * @param timeout for this request (scans of large stores take longer than a forwarded GET)
     */
    default CompletableFuture<PeerResponse> post(HostInfo peer, String path, String jsonBody,
                                                 java.time.Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("POST to peers"));
    }

    /** A peer's answer, as it is to be relayed. Header names are lower case. */
    record PeerResponse(int status, String contentType, String body, Map<String, String> headers) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
