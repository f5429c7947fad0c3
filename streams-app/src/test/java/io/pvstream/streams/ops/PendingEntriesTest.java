package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

class PendingEntriesTest {

    private static final long TIMEOUT_NS = 60_000_000_000L;

    private final OpsTransaction tx = OpsTestRecords.configurationTx("c-1", "t-1", 1_000L, "A", "B");
    private final PendingTransaction buffered = PendingEntries.buffered(tx);

    @Test
    void bufferedEntryIsPendingWithNothingSeen() {
        assertThat(buffered.getState()).isEqualTo(PendingState.PENDING);
        assertThat(buffered.getSeenRows()).isEmpty();
        assertThat(buffered.getLsn()).isNull();
        assertThat(buffered.getOverdueReported()).isFalse();
        assertThat(PendingEntries.storeKey("c-1", "t-1")).isEqualTo("c-1/t-1").startsWith(PendingEntries.entityPrefix("c-1"));
        assertThat(PendingEntries.expectedRows(tx))
                .containsExactly("configuration/c-1", "configuration_pv/c-1/A", "configuration_pv/c-1/B");
    }

    @Test
    void lastMissingRowCommitsWithTheHighestLsn() {
        PendingTransaction one = progress(buffered, "configuration_pv/c-1/A", 300L, 1L);
        PendingTransaction two = progress(one, "configuration/c-1", 100L, 2L);

        PendingEntries.RowSeen last = PendingEntries.onRowSeen(two, "configuration_pv/c-1/B", 200L, 3L);

        assertThat(one.getLsn()).isEqualTo(300L);
        assertThat(two.getSeenRows()).containsExactly("configuration_pv/c-1/A", "configuration/c-1");
        assertThat(last).isInstanceOfSatisfying(PendingEntries.RowSeen.Committed.class, committed -> {
            assertThat(committed.entry().getState()).isEqualTo(PendingState.COMMITTED);
            assertThat(committed.entry().getLsn()).isEqualTo(300L);
            assertThat(committed.entry().getCommittedNs()).isEqualTo(3L);
        });
    }

    @Test
    void duplicatesForeignRowsAndCommittedEntriesAreIgnored() {
        PendingTransaction one = progress(buffered, "configuration/c-1", 100L, 1L);
        PendingTransaction committed = PendingTransaction.newBuilder(one).setState(PendingState.COMMITTED).build();

        assertThat(PendingEntries.onRowSeen(one, "configuration/c-1", 500L, 2L))
                .isInstanceOf(PendingEntries.RowSeen.Ignored.class);
        assertThat(PendingEntries.onRowSeen(one, "configuration_pv/c-1/Z", 500L, 2L))
                .isInstanceOf(PendingEntries.RowSeen.Ignored.class);
        assertThat(PendingEntries.onRowSeen(committed, "configuration_pv/c-1/A", 500L, 2L))
                .isInstanceOf(PendingEntries.RowSeen.Ignored.class);
    }

    @Test
    void invalidTransactionIgnoresRows() {
        OpsTransaction invalid = OpsTestRecords.tx("x", "e", "t", 1L, List.of(new OpsRow("no_such_table", java.util.Map.of())));

        assertThat(PendingEntries.onRowSeen(PendingEntries.buffered(invalid), "no_such_table/e", 1L, 1L))
                .isInstanceOf(PendingEntries.RowSeen.Ignored.class);
    }

    @Test
    void missingLsnsDoNotHideKnownOnes() {
        PendingTransaction one = progress(buffered, "configuration/c-1", null, 1L);
        PendingTransaction two = progress(one, "configuration_pv/c-1/A", 7L, 2L);

        assertThat(one.getLsn()).isNull();
        assertThat(PendingEntries.onRowSeen(two, "configuration_pv/c-1/B", null, 3L))
                .isInstanceOfSatisfying(PendingEntries.RowSeen.Committed.class,
                        committed -> assertThat(committed.entry().getLsn()).isEqualTo(7L));
    }

    @Test
    void replicatedOnlyWhenCommittedAndReplayReachedItsLsn() {
        PendingTransaction committed = PendingTransaction.newBuilder(buffered).setState(PendingState.COMMITTED)
                .setLsn(500L).build();

        assertThat(PendingEntries.replicated(committed, 499L)).isFalse();
        assertThat(PendingEntries.replicated(committed, 500L)).isTrue();
        assertThat(PendingEntries.replicated(PendingTransaction.newBuilder(buffered).setLsn(10L).build(), 500L)).isFalse();
    }

    @Test
    void overdueOnceAfterTheTimeout() {
        assertThat(PendingEntries.overdue(buffered, 1_000L + TIMEOUT_NS - 1, TIMEOUT_NS)).isFalse();
        assertThat(PendingEntries.overdue(buffered, 1_000L + TIMEOUT_NS, TIMEOUT_NS)).isTrue();
        PendingTransaction reported = PendingEntries.overdueReported(buffered);
        assertThat(reported.getOverdueReported()).isTrue();
        assertThat(PendingEntries.overdue(reported, Long.MAX_VALUE, TIMEOUT_NS)).isFalse();
    }

    @Test
    void confirmationCarriesTheTransactionAndLsn() {
        PendingTransaction committed = PendingTransaction.newBuilder(buffered).setState(PendingState.COMMITTED)
                .setLsn(500L).build();

        assertThat(PendingEntries.confirmation(committed, ConfirmOutcome.REPLICATED, 9L))
                .isEqualTo(new OpsConfirmation("t-1", "c-1", ConfirmOutcome.REPLICATED, 1_000L, 9L, 500L));
    }

    private static PendingTransaction progress(PendingTransaction entry, String row, Long lsn, long seenNs) {
        PendingEntries.RowSeen result = PendingEntries.onRowSeen(entry, row, lsn, seenNs);
        assertThat(result).isInstanceOf(PendingEntries.RowSeen.Progress.class);
        return ((PendingEntries.RowSeen.Progress) result).entry();
    }
}
