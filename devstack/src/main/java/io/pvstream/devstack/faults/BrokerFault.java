package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.List;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.KafkaQuorum;
import io.pvstream.schemas.Topics;

/**
 * The loss of the broker that leads a pv.values partition (and, with 6 partitions over 3 nodes, ops.tx
 * partitions too): killed with SIGKILL and started again, paused with SIGSTOP (a node that holds its
 * connections open and answers nothing) and resumed, or cut off the network by iptables while it runs on
 * ({@link LoopbackPartition}) and reconnected.
 */
final class BrokerFault implements FaultScenario {

    /** How the node is lost. */
    enum Loss { KILL, PAUSE, PARTITION }

    private static final Duration FULL_ISR_TIMEOUT = Duration.ofSeconds(120);
    static final Duration WRITE_BOUND = Duration.ofSeconds(5);

    private final Loss loss;
    private final Duration outage;
    private final Duration writeBound;

    private BrokerFault(Loss loss, Duration outage, Duration writeBound) {
        this.loss = loss;
        this.outage = outage;
        this.writeBound = writeBound;
    }

    /** kill -9, restarted after {@code outage}. */
    static BrokerFault kill(Duration outage) {
        return new BrokerFault(Loss.KILL, outage, WRITE_BOUND);
    }

    /** SIGSTOP for {@code outage}, then SIGCONT. */
    static BrokerFault pause(Duration outage) {
        return new BrokerFault(Loss.PAUSE, outage, WRITE_BOUND);
    }

    /** Every packet to and from the node dropped for {@code outage} (iptables on loopback), then let through. */
    static BrokerFault partition(Duration outage) {
        return new BrokerFault(Loss.PARTITION, outage, WRITE_BOUND);
    }

    /**
     * The same fault with only what must hold whatever the machine's load: nothing lost or duplicated, values
     * correct, replicas back in sync. How fast writes are answered meanwhile is measured by the suite, not
     * asserted by a test.
     */
    BrokerFault withoutWriteBound() {
        return new BrokerFault(loss, outage, null);
    }

    @Override
    public String fault() {
        return switch (loss) {
            case KILL -> "kill -9 of the pv.values/ops.tx partition leader broker (restarted " + outage.toSeconds()
                    + " s later)";
            case PAUSE -> "SIGSTOP of the pv.values/ops.tx partition leader broker for " + outage.toSeconds() + " s";
            case PARTITION -> "network partition (iptables) of the pv.values/ops.tx partition leader broker for "
                    + outage.toSeconds() + " s";
        };
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
        switch (loss) {
            case KILL -> {
                node.kill();
                FaultRun.hold(outage);
                node.start();
            }
            case PAUSE -> {
                node.pause();
                FaultRun.hold(outage);
                node.resume();
            }
            case PARTITION -> {
                try (LoopbackPartition partition = LoopbackPartition.isolate(node.pid())) {
                    run.checks().note("node " + leader + " cut off by " + partition.ruleCount() + " iptables rules");
                    FaultRun.hold(outage);
                }
            }
        }
        long inSyncMs = Waits.until(FULL_ISR_TIMEOUT, Duration.ofMillis(500),
                () -> kafka.fullyInSync(List.of(Topics.PV_VALUES, Topics.OPS_TX)));
        run.checks().check(inSyncMs >= 0, "replicas not back in sync within " + FULL_ISR_TIMEOUT.toSeconds() + " s");
        run.checks().note("node " + leader + " back in sync " + inSyncMs + " ms after its " + switch (loss) {
            case KILL -> "restart";
            case PAUSE -> "SIGCONT";
            case PARTITION -> "reconnection";
        });
    }
}
