package io.pvstream.streams.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;

/** What one sample says, from fake offsets. */
class LagSamplerTest {

    static final TopicPartition VALUES_0 = new TopicPartition(Topics.PV_VALUES, 0);
    static final TopicPartition CONFIG_0 = new TopicPartition(Topics.PV_CONFIG, 0);
    static final TopicPartition DIFFS_0 = new TopicPartition(Topics.PV_DIFFS, 0);

    /** Offsets a test sets by hand. */
    static class FakeOffsets implements OffsetSource {
        final Map<TopicPartition, Long> ends = new HashMap<>();
        final Map<TopicPartition, Long> starts = new HashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();

        @Override
        public Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
            return only(ends, partitions);
        }

        @Override
        public Map<TopicPartition, Long> startOffsets(Set<TopicPartition> partitions) {
            return only(starts, partitions);
        }

        @Override
        public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
            return only(committed, partitions);
        }

        private static Map<TopicPartition, Long> only(Map<TopicPartition, Long> all, Set<TopicPartition> wanted) {
            Map<TopicPartition, Long> out = new HashMap<>();
            wanted.forEach(tp -> {
                if (all.containsKey(tp)) {
                    out.put(tp, all.get(tp));
                }
            });
            return out;
        }
    }

    private final FakeOffsets offsets = new FakeOffsets();
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(10_000);
    private final LagSampler sampler = new LagSampler(offsets, () -> Set.of(VALUES_0, CONFIG_0, DIFFS_0),
            tp -> applied.getOrDefault(tp, -1L), clock::get);

    @Test
    void caughtUpInstanceHasNoLag() {
        offsets.ends.putAll(Map.of(VALUES_0, 100L, CONFIG_0, 5L, DIFFS_0, 40L));
        offsets.committed.putAll(Map.of(VALUES_0, 90L, CONFIG_0, 5L, DIFFS_0, 40L));
        applied.put(VALUES_0, 100L); // the store is ahead of the last commit

        LagSample sample = sampler.sample();

        assertThat(sample.storeAgeMs()).isZero();
        assertThat(sample.storeRecordsBehind()).isZero();
        assertThat(sample.byTopic()).containsEntry(Topics.PV_VALUES, new TopicLag(1, 0, 0));
        assertThat(sample.sampledAtMs()).isEqualTo(10_000);
    }

    @Test
    void aStalledStoreFallsBehindInRecordsAndAge() {
        offsets.ends.putAll(Map.of(VALUES_0, 100L, CONFIG_0, 5L, DIFFS_0, 40L));
        offsets.committed.putAll(Map.of(VALUES_0, 100L, CONFIG_0, 5L, DIFFS_0, 40L));
        sampler.sample();

        clock.addAndGet(3_000);
        offsets.ends.put(VALUES_0, 400L);
        LagSample sample = sampler.sample();

        // the oldest unprocessed record is the first of 300 that came in those 3 s: appended 10 ms into them
        assertThat(sample.byTopic().get(Topics.PV_VALUES)).isEqualTo(new TopicLag(1, 300, 2_990));
        assertThat(sample.storeAgeMs()).isEqualTo(2_990);
        assertThat(sample.storeAgeMs(0)).hasValue(2_990);
        assertThat(sample.storeAgeMs(1)).as("not processed here").isEmpty();
        assertThat(sample.byTopic().get(Topics.PV_DIFFS).recordsBehind()).isZero();
    }

    @Test
    void aPartitionWithNothingCommittedStartsAtItsFirstRecord() {
        offsets.ends.putAll(Map.of(VALUES_0, 0L, CONFIG_0, 0L, DIFFS_0, 500L));
        offsets.starts.put(DIFFS_0, 450L); // retention removed the rest

        LagSample sample = sampler.sample();

        assertThat(sample.byTopic().get(Topics.PV_DIFFS).recordsBehind()).isEqualTo(50);
        assertThat(sample.storeRecordsBehind()).as("pv.diffs is not an input of the latest-value store").isZero();
    }
}
