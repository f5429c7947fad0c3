package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pvstream.devstack.postgres.PostgresCluster;

/**
 * The PostgreSQL primary stopped under write load (the replica keeps running), then started again: writes keep
 * being accepted (they wait in Kafka), and once the primary is back every row lands exactly once and the pending
 * buffer drains. During the outage the buffer health must report the replica's lag (and the primary as down).
 */
final class PostgresStop implements FaultScenario {

    private final Duration outage;

    PostgresStop(Duration outage) {
        this.outage = outage;
    }

    @Override
    public String fault() {
        return "PostgreSQL primary stopped for " + outage.toSeconds() + " s under write load";
    }

    @Override
    public String mustHold() {
        return "every write 201 within " + BrokerFault.WRITE_BOUND.toSeconds() + " s; rows exactly once after restart "
                + "(primary and replica); pending drains to 0; replica lag reported during the outage";
    }

    @Override
    public Duration writesMustSucceedWithin() {
        return BrokerFault.WRITE_BOUND;
    }

    @Override
    public void run(FaultRun run) throws Exception {
        PostgresCluster postgres = run.cluster().postgres();
        run.startLoad();
        run.faultNow();
        postgres.stopPrimary();
        AtomicBoolean lagReported = new AtomicBoolean();
        AtomicBoolean primaryDownReported = new AtomicBoolean();
        try {
            // the outage lasts its time whatever the answers; the condition never ends it early
            Waits.until(outage, Duration.ofSeconds(1), () -> {
                run.api().get(run.liveApiPort(), "/api/v1/health/buffer").ifPresent(buffer -> {
                    var database = buffer.path("database");
                    if (database.path("replica").path("reachable").asBoolean()
                            && database.path("replica").path("lagSeconds").isNumber()) {
                        lagReported.set(true);
                    }
                    if (!database.path("primary").path("reachable").asBoolean(true)) {
                        primaryDownReported.set(true);
                    }
                });
                return false;
            });
        } finally {
            postgres.startPrimary();
        }
        run.checks().check(lagReported.get(), "no replica lag reported during the outage");
        run.checks().check(primaryDownReported.get(), "the primary was not reported unreachable during the outage");
    }
}
