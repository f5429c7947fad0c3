package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;
import io.pvstream.devstack.postgres.PostgresCluster;

/**
 * One run of one scenario: steady load around the fault (the IOC's updates, operations writes at a known rate),
 * then what it left behind — writes lost or duplicated in PostgreSQL (primary and replica), the pending buffer
 * drained, every PV's latest value correct — besides the scenario's own checks.
 */
final class FaultRun {

    static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration VALUES_TIMEOUT = Duration.ofSeconds(120);

    private final LocalCluster cluster;
    private final IocTruth truth;
    private final ApiReads api = new ApiReads();
    private final PvAudit pvs;
    private final Checks checks = new Checks();
    private final String tag;
    private final int number;
    private final OpsWriteLoad load;
    private long faultAt;

    FaultRun(LocalCluster cluster, IocTruth truth, String tag, int number, double writesPerSecond) {
        this.cluster = cluster;
        this.truth = truth;
        this.tag = tag;
        this.number = number;
        this.pvs = new PvAudit(api, truth);
        this.load = new OpsWriteLoad(tag, cluster.apiPorts(), LocalCluster.ADMIN_KEY, writesPerSecond);
    }

    LocalCluster cluster() {
        return cluster;
    }

    ApiReads api() {
        return api;
    }

    PvAudit pvs() {
        return pvs;
    }

    IocTruth truth() {
        return truth;
    }

    Checks checks() {
        return checks;
    }

    /** Starts the writes and lets the load run {@link #WARM_UP} before the fault. */
    void startLoad() {
        load.start();
        hold(WARM_UP);
    }

    /** Marks the moment of the fault (the writes' latencies are reported from it on). */
    void faultNow() {
        faultAt = System.nanoTime();
    }

    long faultAtNanos() {
        return faultAt;
    }

    /** Lets the load run for {@code duration}: a stretch of the scenario, not a wait for something. */
    static void hold(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    /** The port of a query-api instance that runs (for reads after the fault). */
    int liveApiPort() {
        List<ClusterProcess> apis = cluster.apis();
        for (int i = 0; i < apis.size(); i++) {
            if (apis.get(i).isAlive()) {
                return cluster.apiPorts().get(i);
            }
        }
        throw new IllegalStateException("no query-api instance runs");
    }

    /** Which answers the writes that got no 201 had, and when they were sent, relative to the fault. */
    private String refusedSummary(List<OpsWriteLoad.Outcome> outcomes) {
        Map<Integer, Long> byStatus = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (OpsWriteLoad.Outcome outcome : outcomes) {
            if (!outcome.acknowledged()) {
                byStatus.merge(outcome.status(), 1L, Long::sum);
                long sinceFault = (outcome.sentNanos() - faultAt) / 1_000_000;
                first = Math.min(first, sinceFault);
                last = Math.max(last, sinceFault);
            }
        }
        return "writes not answered 201 by status (0 = no answer) " + byStatus + ", sent " + first + ".." + last
                + " ms after the fault";
    }

    /**
     * Stops the load and checks what every scenario must leave: nothing lost or duplicated on the primary or the
     * replica, the pending buffer drained, every PV's latest value correct.
     *
     * @param writesMustSucceedWithin when not null, every write must have been answered 201 within it
     */
    ScenarioResult finish(String fault, Duration writesMustSucceedWithin) throws Exception {
        hold(Duration.ofSeconds(5)); // some writes after the recovery too
        load.stop();
        List<OpsWriteLoad.Outcome> outcomes = load.outcomes();
        long refused = outcomes.stream().filter(o -> !o.acknowledged()).count();
        long slowest = outcomes.stream().mapToLong(OpsWriteLoad.Outcome::latencyMs).max().orElse(0);
        if (writesMustSucceedWithin != null) {
            checks.check(refused == 0, refused + " of " + outcomes.size() + " writes not answered 201");
            checks.check(slowest <= writesMustSucceedWithin.toMillis(), "slowest write took " + slowest + " ms");
        }
        int port = liveApiPort();
        long drainedMs = Waits.until(DRAIN_TIMEOUT, Duration.ofMillis(500), () -> api.get(port, "/api/v1/health/buffer")
                .map(buffer -> buffer.path("pending").path("count").asLong(-1) == 0).orElse(false));
        checks.check(drainedMs >= 0, "pending buffer not drained to 0 within " + DRAIN_TIMEOUT.toSeconds() + " s");
        PostgresCluster postgres = cluster.postgres();
        OpsAudit.Result primary = OpsAudit.of(outcomes, tag, postgres.primaryJdbcUrl(), postgres.user(),
                postgres.password());
        OpsAudit.Result replica = OpsAudit.of(outcomes, tag, postgres.replicaJdbcUrl(), postgres.user(),
                postgres.password());
        checks.check(primary.lost() == 0, primary.lost() + " acknowledged writes lost on the primary");
        checks.check(primary.duplicated() == 0, primary.duplicated() + " rows duplicated on the primary");
        checks.check(replica.lost() == 0, replica.lost() + " acknowledged writes missing on the replica");
        checks.check(replica.duplicated() == 0, replica.duplicated() + " rows duplicated on the replica");
        List<String> wrong = pvs.awaitAllCorrect(port, VALUES_TIMEOUT);
        checks.check(wrong.isEmpty(), wrong.size() + " PVs with a wrong latest value after recovery, e.g. "
                + wrong.stream().limit(3).toList());
        if (refused > 0) {
            checks.note(refusedSummary(outcomes) + ", " + primary.unacknowledgedLanded() + " of them applied anyway");
        }
        String loadHeld = String.format("%d PVs × %.0f Hz = %.0f updates/s; %.0f writes/s",
                cluster.layout().pvs(), cluster.layout().rateHz(), cluster.layout().updatesPerSecond(), load.perSecond());
        return new ScenarioResult(fault, number, loadHeld, outcomes.size(), primary.acknowledged(),
                primary.lost() + replica.lost(), primary.duplicated() + replica.duplicated(), slowest,
                checks.failed(), checks.notes());
    }
}
