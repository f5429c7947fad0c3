package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void pvTopicsShareThePartitionCountSoTheyAreCoPartitioned() {
        assertThat(Topics.all(12)).filteredOn(t -> t.name().startsWith("pv."))
                .extracting(Topics.TopicSpec::partitions).containsOnly(12);
    }

    @Test
    void pvValuesIsCompactedWithAReplayWindow() {
        Topics.TopicSpec values = Topics.all(6).stream().filter(t -> t.name().equals(Topics.PV_VALUES)).findFirst().orElseThrow();
        assertThat(values.configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "3600000");
    }
}
