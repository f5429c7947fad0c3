package io.pvstream.devstack.faults;

import java.time.Duration;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;

/**
 * {@code kill -9} of one query-api instance, the owner of Streams tasks (with standby replicas on the other): the
 * other answers every PV read once its group notices, and a WebSocket client of the killed one connects to the
 * other, subscribes again (retrying while the other answers {@code unavailable}) and gets diffs of changes the IOC
 * made after the kill. The killed one is then started again.
 */
final class QueryApiKill implements FaultScenario {

    static final Duration READ_BOUND = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SUBSCRIBED_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String fault() {
        return "kill -9 of one query-api (Streams task owner; started again afterwards)";
    }

    @Override
    public String mustHold() {
        return "every PV read answered by the other within " + READ_BOUND.toSeconds() + " s; a WebSocket client "
                + "reconnects to the other, subscribes again and gets diffs of changes made after the kill; writes, "
                + "values as above";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        LocalCluster cluster = run.cluster();
        ClusterProcess victim = cluster.apis().get(0);
        int survivor = cluster.apiPorts().get(1);
        try (FailoverWsClient ws = new FailoverWsClient(cluster.apiPorts())) {
            // a client of the victim (the first port) with its subscription made, before anything fails
            run.checks().check(ws.awaitSubscribed(SUBSCRIBED_TIMEOUT), "the WebSocket client could not subscribe "
                    + "before the kill: " + ws.events());
            run.startLoad();
            run.faultNow();
            long killedAt = System.nanoTime();
            long killedAtEpochNs = java.time.Instant.now().toEpochMilli() * 1_000_000;
            victim.kill();
            long readsMs = Waits.until(TIMEOUT, Duration.ofMillis(250), () -> run.pvs().listed(survivor)
                    .map(listed -> cluster.pvNames().stream().allMatch(pv -> listed.containsKey(pv)
                            && listed.get(pv).path("value").isNumber()))
                    .orElse(false));
            run.checks().check(readsMs >= 0 && readsMs <= READ_BOUND.toMillis(),
                    "every PV read answered by the other " + readsMs + " ms after the kill (-1: not within "
                            + TIMEOUT.toSeconds() + " s)");
            // diffs on a new connection to the survivor, of changes the IOC made after the kill
            boolean resumed = Waits.until(TIMEOUT, Duration.ofMillis(100),
                    () -> ws.resumedOn(survivor, killedAt, killedAtEpochNs).isPresent()) >= 0;
            long wsMs = resumed ? (ws.resumedOn(survivor, killedAt, killedAtEpochNs).getAsLong() - killedAt) / 1_000_000
                    : -1;
            run.checks().check(resumed, "the WebSocket client got no diffs of changes after the kill from the other "
                    + "instance within " + TIMEOUT.toSeconds() + " s; it saw: " + ws.events());
            run.checks().note("the WebSocket client saw: " + ws.events());
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
