package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/** A WebSocket subscriber of the setpoints that notes when each value arrives in a diff. */
final class WsWatcher implements WebSocket.Listener {

    private final Arrivals arrivals = new Arrivals();
    private final StringBuilder partial = new StringBuilder();
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
    private WebSocket socket;

    static WsWatcher connect(int port, String key, List<String> pvs) throws Exception {
        WsWatcher watcher = new WsWatcher();
        watcher.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + key)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), watcher)
                .get(10, TimeUnit.SECONDS);
        watcher.socket.sendText("{\"type\":\"subscribe\",\"id\":\"fresh\",\"pvs\":"
                + FreshnessBenchmark.JSON.writeValueAsString(pvs) + "}", true);
        if (!watcher.subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no answer to the WebSocket subscribe in 30 s");
        }
        return watcher;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = FreshnessBenchmark.JSON.readTree(partial.toString());
                if (message.path("type").asText().equals("snapshot")) {
                    subscribed.countDown();
                }
                for (JsonNode diff : message.path("diffs")) {
                    arrivals.saw(diff.path("name").asText(), diff.path("value").asDouble(Double.NaN));
                }
            } catch (Exception e) {
                System.err.println("unreadable WebSocket message: " + e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    long awaitSeen(String pv, double value, long sentNs) throws InterruptedException {
        return arrivals.awaitSeen(pv, value, sentNs);
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
