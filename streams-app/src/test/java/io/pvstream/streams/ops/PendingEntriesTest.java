package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

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
    void bufferedEntryIsPendingWithNothingSeenAndKeepsNoRows() {
        assertThat(buffered.getState()).isEqualTo(PendingState.PENDING);
        assertThat(buffered.getTx().getRows()).isEmpty();
        assertThat(OpsTransaction.newBuilder(buffered.getTx()).setRows(tx.getRows()).build()).isEqualTo(tx);
        assertThat(buffered.getSeenRows()).isEmpty();
        assertThat(buffered.getLsn()).isNull();
        assertThat(buffered.getOverdueReported()).isFalse();
        assertThat(PendingEntries.storeKey("c-1", "t-1")).isEqualTo("c-1/t-1").startsWith(PendingEntries.entityPrefix("c-1"));
        assertThat(PendingEntries.expectedRows(tx))
                .containsExactly("configuration/c-1", "configuration_pv/c-1/A", "configuration_pv/c-1/B");
    }

    @Test
    void committedEntryHasTheLsnAndStillNoRows() {
        PendingTransaction committed = PendingEntries.committed(buffered, 300L, 3L);

        assertThat(committed.getState()).isEqualTo(PendingState.COMMITTED);
        assertThat(committed.getLsn()).isEqualTo(300L);
        assertThat(committed.getCommittedNs()).isEqualTo(3L);
        assertThat(committed.getSeenRows()).isEmpty();
        assertThat(committed.getTx()).isEqualTo(buffered.getTx());
    }

    @Test
    void storedRowsAreThoseOfEntriesThatStillCarryRowsThatFit() {
        OpsTransaction unknownTable = OpsTestRecords.tx("x", "e", "t", 1L, List.of(new OpsRow("no_such_table", Map.of())));

        assertThat(PendingEntries.storedRows(unknownTable)).isEmpty();
        assertThat(PendingEntries.storedRows(buffered.getTx())).isEmpty();
        assertThat(PendingEntries.storedRows(tx)).hasSize(3); // an entry stored before entries dropped their rows
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
}
