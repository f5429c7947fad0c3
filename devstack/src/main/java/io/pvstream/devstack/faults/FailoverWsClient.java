package io.pvstream.devstack.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client as an operator's screen would be: subscribed to the simulated PVs on one query-api instance;
 * when that connection breaks it connects to the next instance (waiting longer after each failed attempt, without
 * giving up) and subscribes again, and a subscribe answered {@code unavailable} ("try again": the instance could not
 * load the current state, e.g. while it still lists a killed peer) is sent again after a pause. Records the diffs
 * that arrive on each connection and, for the report, what it saw.
 */
final class FailoverWsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"id\":\"faults\",\"pvs\":[],\"patterns\":[\""
            + PvAudit.PREFIX + "*\"]}";
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);
    private static final int MAX_EVENTS = 40;

    private final List<Integer> ports;
    private final HttpClient client = HttpClient.newHttpClient();
    /** Every reconnect, re-subscribe and state change runs on this one thread: no races between them. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ws-failover");
        thread.setDaemon(true);
        return thread;
    });
    private final long createdNs = System.nanoTime();
    private final List<String> events = new ArrayList<>();
    private int attempts; // connection attempts so far; attempt n goes to ports[n % size]
    private Duration pause = FIRST_PAUSE;
    private Connection current;
    private WebSocket socket; // of the current connection, once open
    private Connection lastWithDiffs;
    private long firstDiffsNs; // when the first diffs arrived on lastWithDiffs
    private long newestDiffTimestampNs; // the IOC's timestamp of the newest diff on lastWithDiffs
    private boolean subscribedOnce;
    private boolean closed;

    /** Starts connecting to the first of {@code ports}; the others are where it goes when a connection breaks. */
    FailoverWsClient(List<Integer> ports) {
        this.ports = List.copyOf(ports);
        timer.execute(this::connect);
    }

    /** One connection: its number (0 = the first) and the port it went to. */
    private record Connection(int number, int port) {
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection connection = new Connection(attempts, ports.get(attempts % ports.size()));
        attempts++;
        current = connection;
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + connection.port() + "/api/v1/ws"), new Listener(connection))
                .whenComplete((opened, error) -> later(() -> {
                    if (error != null) {
                        broken(connection, "could not connect: " + (error.getCause() != null ? error.getCause() : error));
                    } else if (closed || current != connection) {
                        opened.abort();
                    } else {
                        event(connection, "open");
                        socket = opened;
                        subscribe(connection, opened);
                    }
                }));
    }

    private void subscribe(Connection connection, WebSocket open) {
        if (closed || current != connection) {
            return;
        }
        open.sendText(SUBSCRIBE, true).whenComplete((sent, error) -> {
            if (error != null) { // no answer will come on this connection: take the next one
                later(() -> broken(connection, "could not send the subscribe: " + error));
            }
        });
    }

    /** A connection that failed or ended: the next instance, after a pause that grows with each failure. */
    private void broken(Connection connection, String why) {
        if (closed || current != connection) {
            return;
        }
        event(connection, why + "; next attempt in " + pause.toMillis() + " ms");
        current = null;
        socket = null;
        timer.schedule(this::connect, pause.toMillis(), TimeUnit.MILLISECONDS);
        pause = longer(pause);
    }

    private void answered(Connection connection, WebSocket open, JsonNode message, long receivedNs) {
        if (closed || current != connection) {
            return;
        }
        String type = message.path("type").asText();
        switch (type) {
            case "diffs" -> {
                if (lastWithDiffs != connection) {
                    event(connection, "first diffs");
                    firstDiffsNs = receivedNs;
                    newestDiffTimestampNs = 0; // what this connection delivered, not an earlier one
                }
                lastWithDiffs = connection;
                for (JsonNode diff : message.path("diffs")) {
                    newestDiffTimestampNs = Math.max(newestDiffTimestampNs, diff.path("timestampNs").asLong());
                }
            }
            case "snapshot" -> {
                event(connection, "subscribed (" + message.path("pvs").size() + " PVs in the snapshot)");
                subscribedOnce = true;
                pause = FIRST_PAUSE;
            }
            case "error" -> {
                String error = message.path("error").asText();
                boolean tryAgain = error.equals("unavailable") || error.equals("busy");
                event(connection, "error " + error + ": " + message.path("message").asText()
                        + (tryAgain ? "; subscribing again in " + pause.toMillis() + " ms" : ""));
                if (tryAgain) {
                    timer.schedule(() -> subscribe(connection, open), pause.toMillis(), TimeUnit.MILLISECONDS);
                    pause = longer(pause);
                }
            }
            default -> {
                // heartbeats and the like: nothing to do
            }
        }
    }

    private static Duration longer(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
    }

    private void event(Connection connection, String what) {
        if (events.size() < MAX_EVENTS) {
            events.add("+" + (System.nanoTime() - createdNs) / 1_000_000 + " ms #" + connection.number() + " port "
                    + connection.port() + ": " + what);
        }
    }

    /** Waits until the first subscribe was answered with its snapshot; false if not within {@code timeout}. */
    boolean awaitSubscribed(Duration timeout) {
        return Waits.until(timeout, Duration.ofMillis(100), () -> onTimer(() -> subscribedOnce)) >= 0;
    }

    /**
     * When diffs first arrived (System.nanoTime) on the connection now getting them, if that is a later connection
     * than the first, to {@code port}, opened after {@code sinceNs}, and its diffs carry a change the IOC made after
     * {@code sinceEpochNs} (not one it had sent before); empty otherwise.
     */
    java.util.OptionalLong resumedOn(int port, long sinceNs, long sinceEpochNs) {
        return onTimer(() -> lastWithDiffs != null && lastWithDiffs.number() > 0 && lastWithDiffs.port() == port
                && firstDiffsNs - sinceNs > 0 && newestDiffTimestampNs > sinceEpochNs
                ? java.util.OptionalLong.of(firstDiffsNs) : java.util.OptionalLong.empty());
    }

    /** What it saw, in order: connections, subscribe answers, the first diffs on each connection. */
    String events() {
        return onTimer(() -> String.join(", ", events));
    }

    /** Runs {@code step} on the client's thread; after {@link #close()} there is nothing left to run. */
    private void later(Runnable step) {
        try {
            timer.execute(step);
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            // the client was closed: events of its last connection change nothing
        }
    }

    private <T> T onTimer(java.util.concurrent.Callable<T> question) {
        try {
            return timer.submit(question).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the WebSocket client's thread did not answer", e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final Connection connection;
        private final StringBuilder partial = new StringBuilder();

        Listener(Connection connection) {
            this.connection = connection;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long receivedNs = System.nanoTime();
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    later(() -> answered(connection, webSocket, message, receivedNs));
                } catch (Exception e) {
                    // not JSON: nothing the client acts on
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            later(() -> broken(connection, "closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            later(() -> broken(connection, "error " + error));
        }
    }

    @Override
    public void close() {
        try {
            timer.submit(() -> {
                closed = true;
                if (socket != null) {
                    socket.abort();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        timer.shutdownNow();
    }
}
