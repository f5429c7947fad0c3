package io.pvstream.devstack.faults;

import java.time.Duration;
import java.time.Instant;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;

/**
 * The IOC crashes ({@code kill -9}) and is started again on the same port: every PV shows the disconnect as data
 * ({@code connected: false}) while it is gone, and is published again within seconds of its return.
 */
final class IocRestart implements FaultScenario {

    static final Duration RECONNECT_BOUND = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Override
    public String fault() {
        return "IOC killed (kill -9) and started again";
    }

    @Override
    public String mustHold() {
        return "every PV shown disconnected while it is down; every PV published again within "
                + RECONNECT_BOUND.toSeconds() + " s of its restart; writes, values as above";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        LocalCluster cluster = run.cluster();
        ClusterProcess ioc = cluster.ioc();
        try (PvValuesWatch watch = new PvValuesWatch(cluster.kafka().bootstrapServers())) {
            run.startLoad();
            run.faultNow();
            ioc.kill();
            long shownMs = Waits.until(TIMEOUT, Duration.ofMillis(250), () -> run.pvs().listed(run.liveApiPort())
                    .map(listed -> cluster.pvNames().stream().allMatch(pv -> listed.containsKey(pv)
                            && !listed.get(pv).path("connected").asBoolean(true)))
                    .orElse(false));
            run.checks().check(shownMs >= 0, "not every PV shown disconnected within " + TIMEOUT.toSeconds() + " s");
            ioc.start();
            Instant restarted = Instant.now();
            long restartedNs = restarted.getEpochSecond() * 1_000_000_000L + restarted.getNano();
            long reconnectMs = Waits.until(TIMEOUT, Duration.ofMillis(100),
                    () -> watch.allPublishedAfter(cluster.pvNames(), restartedNs));
            run.checks().check(reconnectMs >= 0 && reconnectMs <= RECONNECT_BOUND.toMillis(),
                    "PVs published again " + reconnectMs + " ms after the IOC was back (-1: not within "
                            + TIMEOUT.toSeconds() + " s)");
            run.checks().note("disconnect shown " + shownMs + " ms after the kill; every PV published again "
                    + reconnectMs + " ms after the IOC was back");
        }
    }
}
