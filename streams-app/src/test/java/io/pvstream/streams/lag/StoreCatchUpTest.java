package io.pvstream.streams.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;

/** Waiting for the stores to reach the end offsets as of the start of the wait. */
class StoreCatchUpTest {

    private static final TopicPartition VALUES_0 = new TopicPartition(Topics.PV_VALUES, 0);
    private static final TopicPartition META_0 = new TopicPartition(Topics.PV_META, 0);

    private final AtomicLong clock = new AtomicLong(1_000);

    /** Each request for the committed offsets sees the store one step further, and the clock 100 ms on. */
    private final LagSamplerTest.FakeOffsets offsets = new LagSamplerTest.FakeOffsets() {
        @Override
        public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
            clock.addAndGet(100);
            Map<TopicPartition, Long> now = super.committed(partitions);
            committed.computeIfPresent(VALUES_0, (tp, offset) -> offset + 10);
            return now;
        }
    };

    private StoreCatchUp catchUp() {
        return new StoreCatchUp(offsets, 1, tp -> -1, clock::get, Duration.ofMillis(1));
    }

    @Test
    void waitsUntilTheEndOffsetsAsOfTheStartAreReached() throws InterruptedException {
        offsets.ends.putAll(Map.of(VALUES_0, 50L, META_0, 7L));
        offsets.committed.putAll(Map.of(VALUES_0, 20L, META_0, 7L));

        StoreCatchUp.Result result = catchUp().await(Duration.ofSeconds(10));

        assertThat(result.caughtUp()).isTrue();
        assertThat(result.waitedMs()).as("four asks: at 20, 30, 40, 50").isEqualTo(400);
        assertThat(offsets.committed.get(VALUES_0)).isEqualTo(60);
    }

    @Test
    void saysHowFarBehindTheStoresAreWhenTheyDoNotCatchUpInTime() throws InterruptedException {
        offsets.ends.putAll(Map.of(VALUES_0, 1_000L, META_0, 9L));
        offsets.committed.putAll(Map.of(VALUES_0, 0L, META_0, 7L));

        StoreCatchUp.Result result = catchUp().await(Duration.ofMillis(250));

        assertThat(result.caughtUp()).isFalse();
        assertThat(result.waitedMs()).isGreaterThanOrEqualTo(250);
        assertThat(result.behind()).containsEntry(Topics.PV_META, 2L).containsKey(Topics.PV_VALUES);
        assertThat(result.recordsBehind()).isEqualTo(2 + result.behind().get(Topics.PV_VALUES));
    }

    @Test
    void thisInstancesOwnPositionCountsBeforeItIsCommitted() throws InterruptedException {
        offsets.ends.putAll(Map.of(VALUES_0, 1_000L));
        StoreCatchUp catchUp = new StoreCatchUp(offsets, 1, tp -> tp.equals(VALUES_0) ? 1_000 : -1, clock::get,
                Duration.ofMillis(1));

        assertThat(catchUp.await(Duration.ZERO).caughtUp()).isTrue();
    }
}
