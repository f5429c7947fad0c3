package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.List;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.KafkaQuorum;
import io.pvstream.schemas.Topics;

/**
 * The loss of the broker that leads a pv.values partition (and, with 6 partitions over 3 nodes, ops.tx
 * partitions too): killed with SIGKILL and started again, or paused with SIGSTOP (a node that holds its
 * connections open and answers nothing, as behind a network partition) and resumed.
 */
final class BrokerFault implements FaultScenario {

    private static final Duration FULL_ISR_TIMEOUT = Duration.ofSeconds(120);
    static final Duration WRITE_BOUND = Duration.ofSeconds(5);

    private final boolean pause;
    private final Duration outage;

    private BrokerFault(boolean pause, Duration outage) {
        this.pause = pause;
        this.outage = outage;
    }

    /** kill -9, restarted after {@code outage}. */
    static BrokerFault kill(Duration outage) {
        return new BrokerFault(false, outage);
    }

    /** SIGSTOP for {@code outage}, then SIGCONT. */
    static BrokerFault pause(Duration outage) {
        return new BrokerFault(true, outage);
    }

    @Override
    public String fault() {
        return pause ? "SIGSTOP of the pv.values/ops.tx partition leader broker for " + outage.toSeconds() + " s"
                : "kill -9 of the pv.values/ops.tx partition leader broker (restarted " + outage.toSeconds() + " s later)";
    }

    @Override
    public String mustHold() {
        return "no acknowledged write lost or duplicated (primary and replica); every PV's latest value correct "
                + "after recovery; every write 201 within " + WRITE_BOUND.toSeconds() + " s";
    }

    @Override
    public Duration writesMustSucceedWithin() {
        return WRITE_BOUND;
    }

    @Override
    public void run(FaultRun run) throws Exception {
        KafkaQuorum kafka = run.cluster().kafka();
        run.checks().check(kafka.fullyInSync(List.of(Topics.PV_VALUES, Topics.OPS_TX)),
                "replicas not all in sync before the fault");
        int leader = kafka.leaderOf(Topics.PV_VALUES, 0);
        ClusterProcess node = kafka.node(leader);
        run.startLoad();
        run.faultNow();
        if (pause) {
            node.pause();
        } else {
            node.kill();
        }
        FaultRun.hold(outage);
        if (pause) {
            node.resume();
        } else {
            node.start();
        }
        long inSyncMs = Waits.until(FULL_ISR_TIMEOUT, Duration.ofMillis(500),
                () -> kafka.fullyInSync(List.of(Topics.PV_VALUES, Topics.OPS_TX)));
        run.checks().check(inSyncMs >= 0, "replicas not back in sync within " + FULL_ISR_TIMEOUT.toSeconds() + " s");
        run.checks().note("node " + leader + " back in sync " + inSyncMs + " ms after its " + (pause ? "SIGCONT" : "restart"));
    }
}
