package io.pvstream.devstack.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client as an operator's screen would be: subscribed to the simulated PVs on one query-api instance,
 * and when that connection breaks, connecting to the next instance and subscribing again. Records when diffs last
 * arrived and on which connection.
 */
final class FailoverWsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"id\":\"faults\",\"pvs\":[],\"patterns\":[\""
            + PvAudit.PREFIX + "*\"]}";

    private final List<Integer> ports;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger connection = new AtomicInteger(-1);
    private final AtomicLong lastDiffsNs = new AtomicLong();
    private final AtomicInteger lastDiffsConnection = new AtomicInteger(-1);
    private volatile boolean closed;
    private volatile WebSocket socket;

    /** Connects to the first of {@code ports}; the others are where it goes when a connection breaks. */
    FailoverWsClient(List<Integer> ports) {
        this.ports = List.copyOf(ports);
        connectNext();
    }

    private void connectNext() {
        for (int attempt = 0; attempt < ports.size() * 5 && !closed; attempt++) {
            int number = connection.incrementAndGet();
            int port = ports.get(number % ports.size());
            try {
                socket = client.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), new Listener(number))
                        .get(5, TimeUnit.SECONDS);
                socket.sendText(SUBSCRIBE, true).get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                // that instance does not answer: the next one
            }
        }
    }

    /** How many connections it has opened (1 = never reconnected). */
    int connections() {
        return connection.get() + 1;
    }

    /** Whether diffs arrived after {@code sinceNs} (System.nanoTime) on a connection opened after the first. */
    boolean resumedAfter(long sinceNs) {
        return lastDiffsConnection.get() > 0 && lastDiffsNs.get() > sinceNs;
    }

    private final class Listener implements WebSocket.Listener {
        private final int number;
        private final StringBuilder partial = new StringBuilder();

        Listener(int number) {
            this.number = number;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    if (JSON.readTree(message).path("type").asText().equals("diffs")) {
                        lastDiffsNs.set(System.nanoTime());
                        lastDiffsConnection.set(number);
                    }
                } catch (Exception e) {
                    // not JSON: not a diff
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reconnect();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnect();
        }

        private void reconnect() {
            if (!closed && connection.get() == number) {
                Thread reconnector = new Thread(FailoverWsClient.this::connectNext, "ws-reconnect");
                reconnector.setDaemon(true);
                reconnector.start();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }
}
