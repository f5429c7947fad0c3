package io.pvstream.devstack.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Operations writes at a known rate: {@code POST /api/v1/tags}, each named {@code <run>-<sequence number>}, the
 * number chosen before it is sent, so what lands in PostgreSQL can be matched with what was sent and acknowledged.
 * Writes go round-robin to the query-api instances; one whose port refuses the connection (the request never
 * reached it, so retrying cannot duplicate anything) is skipped for the next, as a load balancer would.
 */
final class OpsWriteLoad implements AutoCloseable {

    /** What became of one write: status 0 = no answer (timeout, connection lost). */
    record Outcome(long seq, String name, long sentNanos, int status, long latencyMs, String id, String txId) {
        boolean acknowledged() {
            return status == 201;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final String run;
    private final List<Integer> ports;
    private final String apiKey;
    private final double perSecond;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    /** One thread per write in flight: a write may wait 15 s, and its latency counts from when it was due. */
    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final AtomicLong next = new AtomicLong();
    private final List<Outcome> outcomes = new ArrayList<>();

    OpsWriteLoad(String run, List<Integer> ports, String apiKey, double perSecond) {
        this.run = run;
        this.ports = List.copyOf(ports);
        this.apiKey = apiKey;
        this.perSecond = perSecond;
    }

    void start() {
        long periodMicros = (long) (1_000_000 / perSecond);
        ticker.scheduleAtFixedRate(() -> {
            long seq = next.getAndIncrement();
            long due = System.nanoTime();
            senders.execute(() -> record(send(seq, due)));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Stops sending and waits for the answers still outstanding. */
    void stop() {
        ticker.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(ANSWER_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    double perSecond() {
        return perSecond;
    }

    /** Every write sent so far, in no particular order. */
    synchronized List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private synchronized void record(Outcome outcome) {
        outcomes.add(outcome);
    }

    private Outcome send(long seq, long sent) {
        String name = run + "-" + seq;
        String body = "{\"name\":\"" + name + "\",\"description\":\"fault suite\"}";
        for (int attempt = 0; attempt < ports.size(); attempt++) {
            int port = ports.get((int) ((seq + attempt) % ports.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tags"))
                    .timeout(ANSWER_TIMEOUT).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long latency = (System.nanoTime() - sent) / 1_000_000;
                if (response.statusCode() != 201) {
                    return new Outcome(seq, name, sent, response.statusCode(), latency, null, null);
                }
                JsonNode created = JSON.readTree(response.body());
                return new Outcome(seq, name, sent, 201, latency, created.path("id").asText(),
                        created.path("txId").asText());
            } catch (ConnectException e) {
                // refused: nothing reached that instance; the next one gets the request
            } catch (IOException e) {
                return new Outcome(seq, name, sent, 0, (System.nanoTime() - sent) / 1_000_000, null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(seq, name, sent, 0, (System.nanoTime() - sent) / 1_000_000, null, null);
            }
        }
        return new Outcome(seq, name, sent, 0, (System.nanoTime() - sent) / 1_000_000, null, null);
    }

    @Override
    public void close() {
        stop();
    }
}
