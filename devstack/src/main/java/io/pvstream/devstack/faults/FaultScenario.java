package io.pvstream.devstack.faults;

/** One fault of the suite: injects it into a running cluster under load, undoes it, and checks what must hold. */
interface FaultScenario {

    /** The fault, as the report's table names it. */
    String fault();

    /** What must hold, as the report's table says it. */
    String mustHold();

    /**
     * Runs the fault once: starts the run's load, injects, recovers, and leaves the cluster whole again (every
     * part running) for the next run. Records what held in {@code run}.
     */
    void run(FaultRun run) throws Exception;

    /** When not null, every write of the run must be answered 201 within it. */
    default java.time.Duration writesMustSucceedWithin() {
        return null;
    }
}
