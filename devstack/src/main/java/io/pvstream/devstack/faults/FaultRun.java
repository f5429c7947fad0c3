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
    /**
     * How long the pending buffer may take to drain before the rows are counted. Long: on a loaded machine Streams
     * and the sink may be minutes behind, and counting before they are done would call late rows lost.
     */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration VALUES_TIMEOUT = Duration.ofSeconds(300);

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

    private boolean drained(int port) {
        boolean nothingPending = api.get(port, "/api/v1/health/buffer")
                .map(buffer -> buffer.path("pending").path("count").asLong(-1) == 0).orElse(false);
        return nothingPending && api.get(port, "/api/v1/health/ready").isPresent();
    }

    private OpsAudit.Result audit(List<OpsWriteLoad.Outcome> outcomes, String jdbcUrl) {
        PostgresCluster postgres = cluster.postgres();
        try {
            return OpsAudit.of(outcomes, tag, jdbcUrl, postgres.user(), postgres.password());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot count the rows at " + jdbcUrl + ": " + e.getMessage(), e);
        }
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
        PostgresCluster postgres = cluster.postgres();
        // Drained = nothing pending AND this instance ready (its stores caught up): the pending count only knows the
        // transactions Streams has read, so on a lagging instance 0 means nothing. Then the rows are counted until
        // every acknowledged one is there or the timeout ends: late is not lost.
        long begin = System.nanoTime();
        long drainedMs = Waits.until(DRAIN_TIMEOUT, Duration.ofMillis(500), () -> drained(port));
        checks.check(drainedMs >= 0, "pending buffer not drained to 0 within " + DRAIN_TIMEOUT.toSeconds() + " s");
        Duration left = DRAIN_TIMEOUT.minusNanos(System.nanoTime() - begin);
        OpsAudit.Result[] audits = new OpsAudit.Result[2];
        Waits.until(left.isNegative() ? Duration.ZERO : left, Duration.ofSeconds(2), () -> {
            audits[0] = audit(outcomes, postgres.primaryJdbcUrl());
            audits[1] = audit(outcomes, postgres.replicaJdbcUrl());
            return audits[0].lost() == 0 && audits[1].lost() == 0;
        });
        OpsAudit.Result primary = audits[0];
        OpsAudit.Result replica = audits[1];
        // not drained: an acknowledged write without its row may still be on its way, so it is not called lost
        String missing = drainedMs >= 0 ? " acknowledged writes lost" : " acknowledged writes not applied (yet)";
        checks.check(primary.lost() == 0, primary.lost() + missing + " on the primary");
        checks.check(primary.duplicated() == 0, primary.duplicated() + " rows duplicated on the primary");
        checks.check(replica.lost() == 0, replica.lost() + missing + " on the replica");
        checks.check(replica.duplicated() == 0, replica.duplicated() + " rows duplicated on the replica");
        List<String> wrong = pvs.awaitAllCorrect(port, VALUES_TIMEOUT);
        checks.check(wrong.isEmpty(), wrong.size() + " PVs with a wrong latest value after recovery, e.g. "
                + wrong.stream().limit(3).toList());
        checks.note("pending buffer drained " + drainedMs + " ms after the load stopped (-1: not within "
                + DRAIN_TIMEOUT.toSeconds() + " s)");
        if (refused > 0) {
            checks.note(refusedSummary(outcomes) + ", " + primary.unacknowledgedLanded() + " of them applied anyway");
        }
        String loadHeld = String.format("%d PVs × %.0f Hz = %.0f updates/s; %.0f writes/s",
                cluster.layout().pvs(), cluster.layout().rateHz(), cluster.layout().updatesPerSecond(), load.perSecond());
        return new ScenarioResult(fault, number, loadHeld, outcomes.size(), primary.acknowledged(),
                primary.lost() + replica.lost(), drainedMs >= 0, primary.duplicated() + replica.duplicated(), slowest,
                checks.failed(), checks.notes());
    }
}
