package io.pvstream.ingest.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CoalescingBufferTest {

    /** An update of one PV: key = PV, seq = its order of arrival. */
    record Update(String pv, int seq) {
    }

    private static void offer(CoalescingBuffer<String, Update> buffer, String pv, int seq) {
        assertThat(buffer.offer(pv, new Update(pv, seq))).isTrue();
    }

    private static List<Update> take(CoalescingBuffer<String, Update> buffer) throws InterruptedException {
        return buffer.take(0, TimeUnit.MILLISECONDS);
    }

    @Test
    void belowCapacityKeepsEveryRecordInOrder() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(10);
        for (int i = 0; i < 10; i++) {
            offer(buffer, "A", i);
        }
        assertThat(buffer.isCoalescing()).isFalse();
        assertThat(take(buffer)).extracting(Update::seq).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(buffer.coalescedTotal()).isZero();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void whenFullCoalescesPerKeyAndCountsReplacements() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(2);
        offer(buffer, "A", 1);
        offer(buffer, "B", 1);
        offer(buffer, "A", 2); // full: coalescing starts
        offer(buffer, "A", 3); // replaces A2
        offer(buffer, "B", 2);
        offer(buffer, "A", 4); // replaces A3

        assertThat(buffer.isCoalescing()).isTrue();
        assertThat(buffer.coalescedTotal()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(take(buffer)).containsExactly(new Update("A", 1), new Update("B", 1));
        assertThat(take(buffer)).containsExactlyInAnyOrder(new Update("A", 4), new Update("B", 2));
    }

    @Test
    void staysCoalescingUntilTheMapIsTakenSoPerKeyOrderHolds() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(1);
        offer(buffer, "A", 1);
        offer(buffer, "A", 2); // overflow map
        assertThat(take(buffer)).containsExactly(new Update("A", 1)); // FIFO first
        // FIFO is empty now, but the map still holds A2: A3 must not overtake it via the FIFO
        offer(buffer, "A", 3);
        assertThat(buffer.isCoalescing()).isTrue();
        assertThat(take(buffer)).containsExactly(new Update("A", 3));
        assertThat(buffer.isCoalescing()).isFalse();
        offer(buffer, "A", 4);
        assertThat(take(buffer)).containsExactly(new Update("A", 4));
        assertThat(buffer.coalescedTotal()).isEqualTo(1);
    }

    @Test
    void leavesCoalescingModeAndBuffersInOrderAgain() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(2);
        offer(buffer, "A", 1);
        offer(buffer, "A", 2);
        offer(buffer, "A", 3);
        take(buffer);
        take(buffer);
        assertThat(buffer.isCoalescing()).isFalse();
        offer(buffer, "A", 4);
        offer(buffer, "A", 5);
        assertThat(take(buffer)).extracting(Update::seq).containsExactly(4, 5);
        assertThat(buffer.coalescedTotal()).isZero();
    }

    @Test
    void takeWaitsForAnOfferFromAnotherThread() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(5);
        CountDownLatch taking = new CountDownLatch(1);
        List<Update> taken = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            taking.countDown();
            try {
                taken.addAll(buffer.take(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        assertThat(taking.await(5, TimeUnit.SECONDS)).isTrue();
        offer(buffer, "A", 1);
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(taken).containsExactly(new Update("A", 1));
    }

    @Test
    void takeReturnsEmptyAfterTimeout() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(5);
        assertThat(buffer.take(20, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void closedBufferRefusesOffersButHandsOverWhatItHolds() throws Exception {
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(5);
        offer(buffer, "A", 1);
        buffer.close();
        assertThat(buffer.offer("A", new Update("A", 2))).isFalse();
        assertThat(buffer.take(10, TimeUnit.SECONDS)).containsExactly(new Update("A", 1));
        assertThat(buffer.take(10, TimeUnit.SECONDS)).isEmpty(); // closed and empty: no waiting
    }

    @Test
    void manyProducersLoseNothingBelowCapacity() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(producers * perProducer);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String pv = "PV" + p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    buffer.offer(pv, new Update(pv, i));
                }
            }));
        }
        threads.forEach(Thread::start);
        List<Update> all = new ArrayList<>();
        while (all.size() < producers * perProducer) {
            List<Update> batch = buffer.take(10, TimeUnit.SECONDS);
            assertThat(batch).as("records stopped arriving at %d", all.size()).isNotEmpty();
            all.addAll(batch);
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(buffer.coalescedTotal()).isZero();
        for (int p = 0; p < producers; p++) {
            String pv = "PV" + p;
            assertThat(all.stream().filter(u -> u.pv().equals(pv)).map(Update::seq).toList())
                    .as("order of %s", pv).isSorted().hasSize(perProducer);
        }
    }

    /** Overload from many threads: per PV nothing goes back in time, the newest always arrives, the rest is counted. */
    @Test
    void overloadedByManyProducersKeepsEachPvInOrderAndItsNewestUpdate() throws Exception {
        int producers = 4;
        int pvsPerProducer = 10;
        int perPv = 5_000;
        CoalescingBuffer<String, Update> buffer = new CoalescingBuffer<>(50);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(new Thread(() -> { // one PV's updates come from one thread, as CAJ delivers them
                for (int i = 0; i < perPv; i++) {
                    for (int k = 0; k < pvsPerProducer; k++) {
                        String pv = "PV" + producer + "-" + k;
                        buffer.offer(new Update(pv, i), Update::pv);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        long taken = 0;
        int newestSeen = 0;
        while (newestSeen < producers * pvsPerProducer) {
            List<Update> batch = buffer.take(10, TimeUnit.SECONDS);
            assertThat(batch).as("records stopped arriving").isNotEmpty();
            for (Update u : batch) {
                Integer before = last.put(u.pv(), u.seq());
                assertThat(before == null || before < u.seq()).as("%s went from %s to %s", u.pv(), before, u.seq())
                        .isTrue();
                newestSeen += u.seq() == perPv - 1 ? 1 : 0;
                taken++;
            }
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(buffer.size()).isZero();
        assertThat(last).hasSize(producers * pvsPerProducer).allSatisfy((pv, seq) -> assertThat(seq).isEqualTo(perPv - 1));
        assertThat(taken + buffer.coalescedTotal()).isEqualTo((long) producers * pvsPerProducer * perPv);
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new CoalescingBuffer<String, Update>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
