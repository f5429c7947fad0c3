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
    private final Duration writeBound;

    private BrokerFault(boolean pause, Duration outage, Duration writeBound) {
        this.pause = pause;
        this.outage = outage;
        this.writeBound = writeBound;
    }

    /** kill -9, restarted after {@code outage}. */
    static BrokerFault kill(Duration outage) {
        return new BrokerFault(false, outage, WRITE_BOUND);
    }

    /** SIGSTOP for {@code outage}, then SIGCONT. */
    static BrokerFault pause(Duration outage) {
        return new BrokerFault(true, outage, WRITE_BOUND);
    }

    /**
     * The same fault with only what must hold whatever the machine's load: nothing lost or duplicated, values
     * correct, replicas back in sync. How fast writes are answered meanwhile is measured by the suite, not
     * asserted by a test.
     */
    BrokerFault withoutWriteBound() {
        return new BrokerFault(pause, outage, null);
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
        return writeBound;
    }

    @Override
    public void run(FaultRun run) throws Exception {
        KafkaQuorum kafka = run.cluster().kafka();
        run.checks().check(kafka.fullyInSync(List.of(Topics.PV_VALUES, Topics.OPS_TX)),
                "replicas not all in sync before the fault");
        // a partition leader that is not also the active controller: the loss of the controller too (a quorum
        // election before any leader can move) is a fault of its own
        int leader = kafka.leaderOtherThanController(Topics.PV_VALUES).orElse(kafka.leaderOf(Topics.PV_VALUES, 0));
        run.checks().note("node " + leader + " leads pv.values partitions; node " + kafka.activeController()
                + " is the active controller");
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
