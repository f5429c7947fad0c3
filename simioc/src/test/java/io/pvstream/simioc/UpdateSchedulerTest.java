package io.pvstream.simioc;

import com.cosylab.epics.caj.cas.ProcessVariableEventDispatcher;
import gov.aps.jca.cas.ProcessVariableEventCallback;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.IntSummaryStatistics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulation loop without a network: rates, spreading, delayed tasks. */
class UpdateSchedulerTest {

    private static final int PV_COUNT = 100;
    private static final double RATE_HZ = 2.0;

    @Test
    void updatesGoRoundRobinSoEveryPvMovesInTurn() {
        List<SimProcessVariable> pvs = new ArrayList<>();
        Map<SimProcessVariable, Long> firstUpdateNanos = new ConcurrentHashMap<>();
        Map<SimProcessVariable, AtomicInteger> updates = new ConcurrentHashMap<>();
        for (int i = 0; i < PV_COUNT; i++) {
            SimProcessVariable pv = new SimProcessVariable("T:PV" + i, DBRType.DOUBLE, 50.0, false,
                    PvCatalog.SIMULATED_METADATA, WritePolicy.WRITABLE);
            updates.put(pv, new AtomicInteger());
            ((ProcessVariableEventDispatcher) pv.getEventCallback()).registerEventListener(recorder(
                    () -> {
                        firstUpdateNanos.putIfAbsent(pv, System.nanoTime());
                        updates.get(pv).incrementAndGet();
                    }));
            pvs.add(pv);
        }
        UpdateScheduler scheduler = new UpdateScheduler(pvs, null, RATE_HZ, "test-scheduler");
        scheduler.start();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> updates.values().stream().allMatch(count -> count.get() >= 3));
        } finally {
            scheduler.stop();
        }
        // Spread, not burst: updates go round-robin over the PVs (at most one apart), so no PV waits
        // for the others' whole batch. Timing itself (rate, spread in ms) is a benchmark's business,
        // not a test's: under CI load a tick can run late and catch up.
        IntSummaryStatistics counts = updates.values().stream().mapToInt(AtomicInteger::get).summaryStatistics();
        assertThat(counts.getMin()).isGreaterThanOrEqualTo(3);
        assertThat(counts.getMax() - counts.getMin()).isLessThanOrEqualTo(1);
        assertThat(firstUpdateNanos).hasSize(PV_COUNT);
    }

    @Test
    void delayedTaskRunsOnTheSchedulerAfterTheDelayAndAtOnceWhenStopped() {
        UpdateScheduler scheduler = new UpdateScheduler(List.of(), null, 0, "test-scheduler");
        List<String> ranOn = new ArrayList<>();
        scheduler.start();
        try {
            long start = System.nanoTime();
            scheduler.schedule(() -> ranOn.add(Thread.currentThread().getName()), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(5)).until(() -> !ranOn.isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(ranOn).containsExactly("test-scheduler");
        } finally {
            scheduler.stop();
        }
        scheduler.schedule(() -> ranOn.add("inline"), Duration.ofSeconds(60));
        assertThat(ranOn).containsExactly("test-scheduler", "inline");
    }

    private static ProcessVariableEventCallback recorder(Runnable onEvent) {
        return new ProcessVariableEventCallback() {
            @Override
            public void postEvent(int select, DBR event) {
                onEvent.run();
            }

            @Override
            public void canceled() {
            }
        };
    }
}
