package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark WebSocket client: counts what it receives and samples IOC timestamp → receive latency.
 * It does not parse the JSON (100 of them share the machine with the server): it scans the text for the
 * {@code "name":} and the {@code "timestampNs":} of each diff.
 */
final class BenchWsClient implements WebSocket.Listener {

    private static final String DIFFS = "{\"type\":\"diffs\"";
    private static final String SNAPSHOT = "{\"type\":\"snapshot\"";
    private static final String TIMESTAMP = "\"timestampNs\":";

    private final StringBuilder partial = new StringBuilder();
    private final CountDownLatch snapshotReceived = new CountDownLatch(1);
    private final IngestBenchmark.LatencySample latencies;
    private final int sampleEvery;
    private final AtomicLong diffBytes = new AtomicLong();
    private final AtomicLong diffMessages = new AtomicLong();
    private final AtomicLong diffEntries = new AtomicLong();
    private volatile long snapshotBytes;
    private volatile int snapshotPvs;
    private volatile boolean measuring;
    private volatile String closeReason;
    private long entriesSeen; // only touched by this client's listener thread
    private WebSocket socket;

    /** @param latencies shared by all clients (guarded by itself); every {@code sampleEvery}-th diff is kept */
    BenchWsClient(IngestBenchmark.LatencySample latencies, int sampleEvery) {
        this.latencies = latencies;
        this.sampleEvery = sampleEvery;
    }

    void connect(HttpClient http, int port) {
        socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), this)
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    boolean awaitSnapshot(long seconds) throws InterruptedException {
        return snapshotReceived.await(seconds, TimeUnit.SECONDS);
    }

    /** From now on, count diffs (and sample latencies). */
    void startMeasuring() {
        measuring = true;
    }

    void stopMeasuring() {
        measuring = false;
    }

    long diffBytes() {
        return diffBytes.get();
    }

    long diffMessages() {
        return diffMessages.get();
    }

    long diffEntries() {
        return diffEntries.get();
    }

    long snapshotBytes() {
        return snapshotBytes;
    }

    int snapshotPvs() {
        return snapshotPvs;
    }

    String closeReason() {
        return closeReason;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            Instant now = Instant.now();
            onMessage(partial, now.getEpochSecond() * 1_000_000_000L + now.getNano());
            partial.setLength(0);
        }
        return null;
    }

    private void onMessage(CharSequence text, long receivedNs) {
        String message = text.toString();
        if (message.startsWith(SNAPSHOT)) {
            snapshotBytes = message.length();
            snapshotPvs = count(message, "\"units\":"); // one per PV view
            snapshotReceived.countDown();
            return;
        }
        if (message.startsWith("{\"type\":\"error\"")) {
            System.err.println("server error: " + message);
        }
        if (!measuring || !message.startsWith(DIFFS)) {
            return;
        }
        diffMessages.incrementAndGet();
        diffBytes.addAndGet(message.length()); // JSON here is ASCII: characters = bytes
        diffEntries.addAndGet(count(message, "\"name\":"));
        for (int at = message.indexOf(TIMESTAMP); at >= 0; at = message.indexOf(TIMESTAMP, at + 1)) {
            if (++entriesSeen % sampleEvery == 0) {
                long timestampNs = parseLong(message, at + TIMESTAMP.length());
                if (timestampNs > 0) {
                    synchronized (latencies) {
                        latencies.add(receivedNs - timestampNs);
                    }
                }
            }
        }
    }

    private static long parseLong(String text, int from) {
        long value = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = String.valueOf(error);
    }
}
