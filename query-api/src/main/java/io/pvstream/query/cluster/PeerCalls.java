package io.pvstream.query.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.cluster.PeerClient.PeerResponse;

/** Reading the answers of other query-api instances: relayed as they are, or their {@code items} gathered. */
public final class PeerCalls {

    private PeerCalls() {
    }

    /** Waits for a peer's answer; a peer that cannot answer makes the whole request 503 (retry). */
    public static PeerResponse await(HostInfo peer, CompletableFuture<PeerResponse> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw ApiException.unavailable("instance " + address(peer) + " did not answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + address(peer));
        }
    }

    /** The owner's answer, status and body as they are. */
    public static void relay(Context ctx, HostInfo peer, CompletableFuture<PeerResponse> answer) {
        PeerResponse response = await(peer, answer);
        response.headers().forEach(ctx::header);
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
    }

    /**
     * The {@code items} array of a peer's 200 answer. Anything else is 503: a listing without one instance's part
     * would silently miss its PVs.
     */
    public static List<JsonNode> items(HostInfo peer, CompletableFuture<PeerResponse> answer, ObjectMapper mapper) {
        PeerResponse response = await(peer, answer);
        if (response.status() != 200) {
            throw ApiException.unavailable("instance " + address(peer) + " answered " + response.status() + ": "
                    + response.body());
        }
        try {
            JsonNode items = mapper.readTree(response.body()).path("items");
            if (!items.isArray()) {
                throw ApiException.unavailable("instance " + address(peer) + " answered without items");
            }
            List<JsonNode> list = new ArrayList<>(items.size());
            items.forEach(list::add);
            return list;
        } catch (JsonProcessingException e) {
            throw ApiException.unavailable("instance " + address(peer) + " answered malformed JSON");
        }
    }

    public static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
