package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.devstack.DevConfig;
import io.pvstream.devstack.DevPlatform;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.simioc.SimulatedIoc;

/**
 * {@code ./pvstream bench snapshot}: snapshots on the whole local platform (broker, ingest, query API, PostgreSQL
 * primary + replica, Connect), fed by a simulated IOC with {@code --pvs} PVs and {@code --setpoints} setpoints.
 * Reports, over REST: saving a snapshot of all PVs (POST → 201), reading it back whole (from the pending buffer
 * right after the save, then again at once, and from PostgreSQL once replicated), as JSON and as CSV; and restoring
 * every setpoint with readback verification (POST → job SUCCEEDED). Saves are timed back to back ({@code --runs} of
 * them, each sharing the box with the write-through of the ones before) and then one at a time on a settled platform.
 *
 * <p>Options: {@code --pvs 40000 --setpoints 10000 --runs 5 --warmup 2}. {@code --warmup} snapshots are taken, read
 * and replicated first, unmeasured: the platform is a long-running service, and in a fresh JVM the first saves are
 * mostly the JIT compiling (async-profiler: C2 a third of the CPU over five saves).
 */
public final class SnapshotBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String adminKey; // writes need a key (security is on in dev too)

    private SnapshotBenchmark(int port, String adminKey) {
        this.port = port;
        this.adminKey = adminKey;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench snapshot", Map.of(
                "pvs", "40000", "setpoints", "10000", "runs", "5", "warmup", "2"), args);
        int pvs = Integer.parseInt(options.get("pvs"));
        int setpoints = Integer.parseInt(options.get("setpoints"));
        int runs = Integer.parseInt(options.get("runs"));
        int warmup = Integer.parseInt(options.get("warmup"));
        Path dir = BenchDirs.temporary("pvstream-bench-snapshot");
        try (SimulatedIoc ioc = SimulatedIoc.builder().port(0).pvCount(pvs).setpointCount(setpoints).updateRateHz(0)
                .build()) {
            ioc.start();
            Path pvFile = dir.resolve("pvs.txt");
            Files.write(pvFile, ioc.pvNames());
            DevConfig config = DevConfig.load(Map.of(), List.of("--no-sim", "--http-port", "0", "--broker-port", "0",
                    "--data-dir", dir.resolve("platform").toString(), "--pv-file", pvFile.toString(),
                    "--ca-addr-list", ioc.addressList()));
            try (DevPlatform platform = DevPlatform.start(config, Map.of())) {
                System.out.printf("snapshot benchmark on %d cores, Java %s: %,d PVs + %,d setpoints (+ readbacks)%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), pvs, setpoints);
                new SnapshotBenchmark(platform.httpPort(), platform.adminKey()).run(ioc, pvs, setpoints, runs, warmup);
            }
        }
        System.exit(0);
    }

    private void run(SimulatedIoc ioc, int pvs, int setpoints, int runs, int warmup) throws Exception {
        long t0 = System.nanoTime();
        awaitAllConnected(pvs);
        System.out.printf("all %,d PVs connected and in the stores after %.1f s%n", pvs, (System.nanoTime() - t0) / 1e9);
        warmUp(warmup);

        IngestBenchmark.LatencySample save = new IngestBenchmark.LatencySample(runs);
        IngestBenchmark.LatencySample readPending = new IngestBenchmark.LatencySample(runs);
        IngestBenchmark.LatencySample readAgain = new IngestBenchmark.LatencySample(runs);
        IngestBenchmark.LatencySample readDatabase = new IngestBenchmark.LatencySample(runs);
        IngestBenchmark.LatencySample readCsv = new IngestBenchmark.LatencySample(runs);
        List<String> ids = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> response = post("/api/v1/snapshots",
                    "{\"name\":\"bench " + i + "\",\"pattern\":\"SIM:PV*\"}");
            save.add(System.nanoTime() - sent);
            check(response.statusCode() == 201, "POST answered " + response.statusCode() + ": " + response.body());
            JsonNode created = JSON.readTree(response.body());
            // the server's split of the save: waiting for the stores + scan, then Kafka's acknowledgements
            System.out.printf("  save %d: %.0f ms; Server-Timing %s%n", i + 1, (System.nanoTime() - sent) / 1e6,
                    response.headers().firstValue("Server-Timing").orElse("-").replaceAll(";desc=\"[^\"]*\"", ""));
            ids.add(created.path("id").asText());
            sent = System.nanoTime();
            HttpResponse<String> read = get("/api/v1/snapshots/" + created.path("id").asText() + "?limit=50000");
            readPending.add(System.nanoTime() - sent);
            bytes = read.body().length();
            check(JSON.readTree(read.body()).path("values").size() == pvs, "read back " + pvs + " values");
            sent = System.nanoTime();
            read = get("/api/v1/snapshots/" + created.path("id").asText() + "?limit=50000");
            readAgain.add(System.nanoTime() - sent);
            check(JSON.readTree(read.body()).path("values").size() == pvs, "read again " + pvs + " values");
        }
        for (String id : ids) {
            awaitState(id, "replicated");
        }
        for (String id : ids) {
            long sent = System.nanoTime();
            HttpResponse<String> read = get("/api/v1/snapshots/" + id + "?limit=50000");
            readDatabase.add(System.nanoTime() - sent);
            check(JSON.readTree(read.body()).path("state").asText().equals("replicated"), "read from the database");
            sent = System.nanoTime();
            HttpResponse<String> csv = get("/api/v1/snapshots/" + id + "?format=csv");
            readCsv.add(System.nanoTime() - sent);
            check(csv.body().lines().count() == pvs + 1L, "CSV of " + pvs + " lines");
        }
        System.out.printf("snapshot of %,d PVs over REST, %d runs:%n", pvs, runs);
        print("  save (POST → 201)", save);
        print("  read whole, right after the save (pending buffer)", readPending);
        print("  read whole again at once (its JSON kept with its values)", readAgain);
        print("  read whole, once replicated (PostgreSQL replica)", readDatabase);
        print("  read whole as CSV, once replicated", readCsv);
        System.out.printf("  JSON size of one whole snapshot: %,d bytes%n", bytes);
        settled(runs);

        restore(ioc, setpoints);
    }

    /**
     * Saves taken one at a time on a settled platform, each once the one before is replicated: what an operator
     * saving a machine state sees. The back-to-back saves above each share the 2 cores with the write-through of the
     * ones before (Streams, the JDBC sink, PostgreSQL, Debezium: 40,000 rows each).
     */
    private void settled(int runs) throws Exception {
        IngestBenchmark.LatencySample save = new IngestBenchmark.LatencySample(runs);
        IngestBenchmark.LatencySample read = new IngestBenchmark.LatencySample(runs);
        for (int i = 0; i < runs; i++) {
            long sent = System.nanoTime();
            String id = post("/api/v1/snapshots", "{\"name\":\"settled " + i + "\",\"pattern\":\"SIM:PV*\"}", 201)
                    .path("id").asText();
            save.add(System.nanoTime() - sent);
            awaitState(id, "replicated");
            sent = System.nanoTime();
            HttpResponse<String> whole = get("/api/v1/snapshots/" + id + "?limit=50000");
            read.add(System.nanoTime() - sent);
            check(JSON.readTree(whole.body()).path("values").size() > 0, "read whole");
        }
        System.out.println("on a settled platform (each save once the one before is replicated):");
        print("  save (POST → 201)", save);
        print("  read whole once replicated (its values kept since the save)", read);
    }

    /** Takes, reads and (once replicated) reads again {@code count} snapshots, unmeasured; returns when all are. */
    private void warmUp(int count) throws Exception {
        if (count == 0) {
            return;
        }
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = post("/api/v1/snapshots", "{\"name\":\"warm-up " + i + "\",\"pattern\":\"SIM:PV*\"}", 201)
                    .path("id").asText();
            ids.add(id);
            get("/api/v1/snapshots/" + id + "?limit=50000");
            get("/api/v1/snapshots/" + id + "?limit=50000");
        }
        for (String id : ids) {
            awaitState(id, "replicated");
            get("/api/v1/snapshots/" + id + "?limit=50000");
            get("/api/v1/snapshots/" + id + "?format=csv");
        }
        System.out.printf("%d warm-up snapshots taken, read and replicated in %.1f s (not measured)%n", count,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Saves every setpoint, moves them all, restores them, and times POST → SUCCEEDED. */
    private void restore(SimulatedIoc ioc, int setpoints) throws Exception {
        for (int i = 1; i <= setpoints; i++) {
            ioc.set(ioc.setpointName(i), 1.0 + i % 100);
        }
        awaitLiveValue(ioc.setpointName(setpoints), 1.0 + setpoints % 100);
        JsonNode saved = post("/api/v1/snapshots", "{\"name\":\"setpoints\",\"pattern\":\"SIM:SP*\"}", 201);
        check(saved.path("pvCount").asInt() == setpoints, "a snapshot of " + setpoints + " setpoints");
        for (int i = 1; i <= setpoints; i++) {
            ioc.set(ioc.setpointName(i), -1.0);
        }
        awaitLiveValue(ioc.setpointName(setpoints), -1.0);
        long sent = System.nanoTime();
        JsonNode started = post("/api/v1/snapshots/" + saved.path("id").asText() + "/restore", "{}", 202);
        String jobId = started.path("jobId").asText();
        JsonNode job = null;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            job = JSON.readTree(get("/api/v1/jobs/" + jobId + "?limit=1").body()).path("job");
            String state = job.path("state").asText();
            if (!state.isEmpty() && !state.equals("RUNNING")) { // empty: the job is not in the store yet (404)
                break;
            }
            Thread.sleep(100); // a benchmark polling its job, not a test
        }
        double seconds = (System.nanoTime() - sent) / 1e9;
        System.out.printf("restore of %,d setpoints with readback verification: %.1f s (POST → %s; verified %,d,"
                        + " failed %,d, not verified %,d) = %,.0f PVs/s%n", setpoints, seconds,
                job.path("state").asText(), job.path("verified").asInt(), job.path("failed").asInt(),
                job.path("notVerified").asInt(), setpoints / seconds);
    }

    /** Pages through the PV list until every simulated PV is connected with a value (no snapshot is taken). */
    private void awaitAllConnected(int pvs) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (connectedWithValue("SIM:PV") >= pvs) {
                return;
            }
            Thread.sleep(2_000); // a benchmark waiting for its set-up, not a test
        }
        throw new IllegalStateException("not all PVs connected in " + PATIENCE);
    }

    private int connectedWithValue(String prefix) throws Exception {
        int count = 0;
        String after = null;
        while (true) {
            HttpResponse<String> response = get("/api/v1/pvs?limit=1000&prefix=" + prefix
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, "UTF-8")));
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode pv : page.path("items")) {
                if (pv.path("connected").asBoolean(false) && !pv.path("value").isNull()) {
                    count++;
                }
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return count;
            }
            after = page.path("next").asText();
        }
    }

    private void awaitLiveValue(String pv, double value) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/v1/pvs/" + pv);
            if (response.statusCode() == 200 && JSON.readTree(response.body()).path("value").asDouble() == value) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(pv + " never showed " + value);
    }

    private void awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (JSON.readTree(get("/api/v1/snapshots/" + id + "?limit=1").body()).path("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("snapshot " + id + " never became " + state);
    }

    private JsonNode post(String path, String body, int expected) throws Exception {
        HttpResponse<String> response = post(path, body);
        check(response.statusCode() == expected, "POST " + path + " answered " + response.statusCode() + ": "
                + response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void print(String what, IngestBenchmark.LatencySample sample) {
        System.out.printf("%s: p50 %.0f ms (min %.0f, max %.0f)%n", what, sample.percentileMs(50),
                sample.percentileMs(0), sample.percentileMs(100));
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
