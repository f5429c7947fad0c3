package io.pvstream.cli;

import java.io.PrintStream;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows a restore job until it leaves RUNNING, drawing a progress bar (done / verified / failed) on stderr from
 * the job's WebSocket feed ({@code {"type":"subscribe","jobs":[id]}}). If the feed goes quiet (a dropped
 * connection, an instance restarting), it asks {@code GET /api/v1/jobs/{id}} instead, so a lost socket never
 * leaves the command hanging or wrong.
 */
final class RestoreProgress {

    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final int BAR = 30;

    private final ApiClient api;
    private final PrintStream err;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    RestoreProgress(ApiClient api, PrintStream err) {
        this.api = api;
        this.err = err;
    }

    /** @return the job's last progress ({@code job} object of the jobs API, or the WebSocket's job message) */
    JsonNode follow(String jobId, Duration timeout) {
        WebSocket socket = null;
        try {
            socket = api.webSocket(new Collector());
            socket.sendText("{\"type\":\"subscribe\",\"id\":\"restore\",\"jobs\":[\"" + jobId + "\"]}", true);
        } catch (CliException e) {
            err.println("(no WebSocket: " + e.getMessage() + "; polling instead)");
        }
        try {
            return await(jobId, timeout);
        } finally {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    private JsonNode await(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        long lastHeard = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JsonNode event = poll();
            if (event != null && "job".equals(event.path("type").asText()) && jobId.equals(event.path("jobId").asText())) {
                last = event;
                lastHeard = System.nanoTime();
            } else if (System.nanoTime() - lastHeard > QUIET.toNanos()) {
                last = api.get("/api/v1/jobs/" + ApiClient.segment(jobId) + "?limit=1").path("job");
                lastHeard = System.nanoTime();
            }
            if (last != null) {
                draw(last);
                if (!"RUNNING".equals(last.path("state").asText("RUNNING"))) {
                    err.println();
                    return last;
                }
            }
        }
        err.println();
        throw new CliException("restore job " + jobId + " still running after " + timeout
                + " (it goes on: pvstream snapshot restore does not cancel it)");
    }

    private JsonNode poll() {
        try {
            return events.poll(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private void draw(JsonNode job) {
        err.print("\r" + bar(job));
        err.flush();
    }

    /** {@code [#########-----] 60% 6/10 written 6 verified 5 failed 1 RUNNING} */
    static String bar(JsonNode job) {
        int total = job.path("total").asInt();
        int pending = job.path("pending").asInt(total - job.path("written").asInt() - job.path("failed").asInt()
                - job.path("skipped").asInt());
        int done = Math.max(0, total - pending);
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] "
                + (total == 0 ? 100 : 100L * done / total) + "% " + done + "/" + total
                + " written " + job.path("written").asInt() + " verified " + job.path("verified").asInt()
                + " failed " + job.path("failed").asInt() + " " + job.path("state").asText();
    }

    /** Puts every whole text message on the queue (frames may arrive in parts). */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    events.add(ApiClient.JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    // not JSON: nothing the progress needs
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
