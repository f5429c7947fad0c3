package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PvDiffsTopicTest {

    @Test
    void pvDiffsIsAShortLivedFeedCoPartitionedWithThePvTopics() {
        Topics.TopicSpec diffs = Topics.all(12).stream().filter(t -> t.name().equals(Topics.PV_DIFFS)).findFirst().orElseThrow();

        assertThat(diffs.partitions()).isEqualTo(12);
        assertThat(diffs.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "3600000")
                .containsEntry("max.message.bytes", Integer.toString(Topics.DIFFS_MAX_MESSAGE_BYTES));
    }
}
