package io.pvstream.devstack.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;

/**
 * {@code kill -9} of one ingest instance: the other takes its pv.config partitions once the group's session
 * times out and monitors its PVs; afterwards no PV is monitored by two instances. The killed one is then started
 * again, and the PVs are shared once more, still each by one instance.
 */
final class IngestKill implements FaultScenario {

    static final Duration RESUME_BOUND = Duration.ofSeconds(15);
    private static final Duration PLACEMENT_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public String fault() {
        return "kill -9 of one ingest (started again afterwards)";
    }

    @Override
    public String mustHold() {
        return "its PVs published again (by the other) within " + RESUME_BOUND.toSeconds() + " s; no PV monitored "
                + "twice afterwards; writes, values as above";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        LocalCluster cluster = run.cluster();
        ClusterProcess victim = cluster.ingests().get(0);
        int instances = cluster.ingests().size();
        try (PvValuesWatch watch = new PvValuesWatch(cluster.kafka().bootstrapServers())) {
            run.startLoad();
            long killedAtNs = epochNanos();
            run.faultNow();
            victim.kill();
            long resumedMs = Waits.until(Duration.ofSeconds(90), Duration.ofMillis(100),
                    () -> watch.allPublishedAfter(cluster.pvNames(), killedAtNs));
            run.checks().check(resumedMs >= 0 && resumedMs <= RESUME_BOUND.toMillis(),
                    "PVs published again " + resumedMs + " ms after the kill (-1: not within 90 s)");
            run.checks().note("every PV published again " + resumedMs + " ms after the kill");
        }
        long aloneMs = Waits.until(PLACEMENT_TIMEOUT, Duration.ofMillis(500),
                () -> eachPvOnce(run, instances - 1));
        run.checks().check(aloneMs >= 0, "PVs not held each by exactly one live instance after the kill");
        victim.start();
        long sharedMs = Waits.until(PLACEMENT_TIMEOUT, Duration.ofMillis(500), () -> eachPvOnce(run, instances));
        run.checks().check(sharedMs >= 0, "PVs not shared again, each by one instance, after the restart");
    }

    /**
     * Whether {@code alive} instances are alive, every pv.config partition is held by exactly one of them, and
     * together they monitor each PV once (their PV counts add up to the configured PVs).
     */
    static boolean eachPvOnce(FaultRun run, int alive) {
        Optional<JsonNode> health = run.api().get(run.liveApiPort(), "/api/v1/health/ingest");
        if (health.isEmpty()) {
            return false;
        }
        JsonNode ingest = health.get();
        boolean singleOwners = true;
        for (JsonNode partition : ingest.path("partitions")) {
            singleOwners &= partition.path("instances").size() == 1;
        }
        return ingest.path("alive").asInt() == alive && singleOwners && ingest.path("unowned").isEmpty()
                && ingest.path("pvCount").asInt() == run.cluster().pvNames().size()
                && ingest.path("connectedCount").asInt() == run.cluster().pvNames().size();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
