package io.pvstream.devstack.faults;

import java.util.List;

/**
 * One run of one scenario.
 *
 * @param sent         writes sent; {@code acknowledged} of them answered 201
 * @param lost         acknowledged writes with no row (or not their row) in PostgreSQL; lost only if {@code drained},
 *                     else perhaps not applied yet
 * @param drained      whether the pending buffer drained before the rows were counted
 * @param duplicated   rows beyond the first of one write
 * @param slowestWriteMs the longest any write waited for its answer
 * @param failed       what did not hold (empty = passed)
 * @param notes        figures measured on the way (fail-over times, ...)
 */
record ScenarioResult(String fault, int run, String load, int sent, int acknowledged, int lost, boolean drained,
                      int duplicated,
                      long slowestWriteMs, List<String> failed, List<String> notes) {

    boolean passed() {
        return failed.isEmpty();
    }
}
