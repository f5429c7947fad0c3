package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

class PendingIndexTest {

    private final PendingIndex index = new PendingIndex();

    @Test
    void unreportedEntriesComeOutOldestFirstAndOnlyOnce() {
        index.track("b/2", entry("b", "2", 200L));
        index.track("a/1", entry("a", "1", 100L));
        index.track("c/3", entry("c", "3", 300L));

        assertThat(index.takeUnreportedUpTo(99L)).isEmpty();
        assertThat(index.takeUnreportedUpTo(200L)).containsExactly("a/1", "b/2");
        assertThat(index.takeUnreportedUpTo(200L)).isEmpty();
        assertThat(index.unreportedCount()).isEqualTo(1);
    }

    @Test
    void reportedEntriesAreNotWatchedAgain() {
        index.track("a/1", PendingEntries.overdueReported(entry("a", "1", 100L)));

        assertThat(index.takeUnreportedUpTo(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void committedEntriesComeOutByLsnAndLeaveTheIndex() {
        index.track("a/1", committed("a", "1", 100L, 700L));
        index.track("b/2", committed("b", "2", 100L, 500L));
        index.track("c/3", entry("c", "3", 100L));

        assertThat(index.takeCommittedUpTo(600L)).containsExactly("b/2");
        assertThat(index.committedCount()).isEqualTo(1);
        assertThat(index.takeUnreportedUpTo(Long.MAX_VALUE)).containsExactly("a/1", "c/3");
    }

    @Test
    void trackReplacesAndForgetRemoves() {
        index.track("a/1", entry("a", "1", 100L));
        index.track("a/1", committed("a", "1", 100L, 50L));
        index.forget("missing");

        assertThat(index.unreportedCount()).isEqualTo(1);
        assertThat(index.committedCount()).isEqualTo(1);
        index.forget("a/1");
        assertThat(index.unreportedCount()).isZero();
        assertThat(index.committedCount()).isZero();
        assertThat(index.takeCommittedUpTo(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void committedWithoutLsnIsNeverReplicated() {
        index.track("a/1", PendingTransaction.newBuilder(entry("a", "1", 1L)).setState(PendingState.COMMITTED).build());

        assertThat(index.takeCommittedUpTo(Long.MAX_VALUE)).isEmpty();
    }

    private static PendingTransaction entry(String entity, String tx, long bufferedNs) {
        return PendingEntries.buffered(OpsTestRecords.configurationTx(entity, tx, bufferedNs));
    }

    private static PendingTransaction committed(String entity, String tx, long bufferedNs, long lsn) {
        return PendingTransaction.newBuilder(entry(entity, tx, bufferedNs)).setState(PendingState.COMMITTED)
                .setLsn(lsn).build();
    }
}
