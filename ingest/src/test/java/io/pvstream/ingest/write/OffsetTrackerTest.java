package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void nothingTakenNothingToCommit() {
        assertThat(tracker.committable()).isEqualTo(-1);
    }

    @Test
    void commitsUpToTheOldestUnfinishedWrite() {
        tracker.started(10);
        tracker.started(11);
        tracker.started(12);
        tracker.finished(11);
        tracker.finished(12);
        assertThat(tracker.committable()).as("10 is still in flight").isEqualTo(10);
        tracker.finished(10);
        assertThat(tracker.committable()).as("past the last one taken").isEqualTo(13);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void aCommittedOffsetIsNotOfferedAgain() {
        tracker.started(0);
        tracker.finished(0);
        assertThat(tracker.committable()).isEqualTo(1);
        tracker.committed(1);
        assertThat(tracker.committable()).isEqualTo(-1);
        tracker.started(1);
        assertThat(tracker.committable()).isEqualTo(-1);
        tracker.finished(1);
        assertThat(tracker.committable()).isEqualTo(2);
    }

    @Test
    void recentWritesRememberABoundedNumberOfCommands() {
        RecentWrites recent = new RecentWrites(2);
        assertThat(recent.firstTime("job", 1, "A")).isTrue();
        assertThat(recent.firstTime("job", 1, "A")).isFalse();
        assertThat(recent.firstTime("job", 2, "A")).as("a retry attempt is a new command").isTrue();
        assertThat(recent.firstTime("job", 1, "B")).isTrue();
        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.firstTime("job", 1, "A")).as("forgotten, oldest first").isTrue();
    }
}
