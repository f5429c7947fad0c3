package io.pvstream.devstack.faults;

import java.time.Duration;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;

/**
 * {@code kill -9} of one query-api instance, the owner of Streams tasks (with standby replicas on the other): the
 * other answers every PV read once its group notices, and a WebSocket client of the killed one connects to the
 * other and gets diffs again. The killed one is then started again.
 */
final class QueryApiKill implements FaultScenario {

    static final Duration READ_BOUND = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String fault() {
        return "kill -9 of one query-api (Streams task owner; started again afterwards)";
    }

    @Override
    public String mustHold() {
        return "every PV read answered by the other within " + READ_BOUND.toSeconds() + " s; a WebSocket client "
                + "reconnects to the other and gets diffs again; writes, values as above";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        LocalCluster cluster = run.cluster();
        ClusterProcess victim = cluster.apis().get(0);
        int survivor = cluster.apiPorts().get(1);
        try (FailoverWsClient ws = new FailoverWsClient(cluster.apiPorts())) {
            run.startLoad();
            run.faultNow();
            long killedAt = System.nanoTime();
            victim.kill();
            long readsMs = Waits.until(TIMEOUT, Duration.ofMillis(250), () -> run.pvs().listed(survivor)
                    .map(listed -> cluster.pvNames().stream().allMatch(pv -> listed.containsKey(pv)
                            && listed.get(pv).path("value").isNumber()))
                    .orElse(false));
            run.checks().check(readsMs >= 0 && readsMs <= READ_BOUND.toMillis(),
                    "every PV read answered by the other " + readsMs + " ms after the kill (-1: not within "
                            + TIMEOUT.toSeconds() + " s)");
            long wsMs = Waits.until(TIMEOUT, Duration.ofMillis(100), () -> ws.resumedAfter(killedAt));
            run.checks().check(wsMs >= 0, "the WebSocket client got no diffs from the other instance");
            run.checks().note("reads answered by the other " + readsMs + " ms, WebSocket diffs again " + wsMs
                    + " ms after the kill");
        }
        victim.start();
        int port = cluster.apiPorts().get(0);
        long backMs = Waits.until(TIMEOUT, Duration.ofMillis(500), () -> run.api().get(port, "/api/v1/health")
                .map(health -> health.path("streams").path("state").asText().equals("RUNNING")).orElse(false));
        run.checks().check(backMs >= 0, "the restarted query-api is not RUNNING again");
    }
}
