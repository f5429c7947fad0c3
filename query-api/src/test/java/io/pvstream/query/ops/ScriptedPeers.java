package io.pvstream.query.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.records.cluster.PeerClient;

/** Peers answered by functions of the path; unknown peers refuse the connection. Logs what was asked. */
final class ScriptedPeers implements PeerClient {

    record Request(HostInfo peer, String pathAndQuery) {
    }

    private final Map<HostInfo, Function<String, PeerResponse>> peers = new HashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedPeers answer(HostInfo peer, Function<String, PeerResponse> answers) {
        peers.put(peer, answers);
        return this;
    }

    static PeerResponse json(int status, String body) {
        return new PeerResponse(status, "application/json", body, Map.of());
    }

    @Override
    public CompletableFuture<PeerResponse> get(HostInfo peer, String pathAndQuery) {
        requests.add(new Request(peer, pathAndQuery));
        Function<String, PeerResponse> answers = peers.get(peer);
        if (answers == null) {
            return CompletableFuture.failedFuture(new java.net.ConnectException("connection refused (test)"));
        }
        return CompletableFuture.completedFuture(answers.apply(pathAndQuery));
    }
}
