package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PendingRowsTest {

    private static final List<String> ROWS = List.of("configuration/c-1", "configuration_pv/c-1/A");

    private KeyValueStore<String, Long> marks;
    private PendingRows rows;

    @BeforeEach
    void setUp() {
        marks = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("marks"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        marks.init(new MockProcessorContext<>().getStateStoreContext(), marks);
        rows = new PendingRows(marks);
    }

    @Test
    void lastMissingRowCompletesWithTheHighestLsn() {
        rows.start("c-1/t-1", ROWS);

        assertThat(rows.see("c-1/t-1", "configuration_pv/c-1/A", 300L)).isEqualTo(PendingRows.Seen.COUNTED);
        assertThat(rows.missing("c-1/t-1")).isEqualTo(1);
        assertThat(rows.see("c-1/t-1", "configuration/c-1", 100L)).isEqualTo(PendingRows.Seen.COMPLETE);
        assertThat(rows.maxLsn("c-1/t-1")).isEqualTo(300L);
        assertThat(marks.get("c-1/t-1/configuration_pv/c-1/A")).isEqualTo(300L);
    }

    @Test
    void repeatsForeignRowsAndUntrackedTransactionsAreIgnored() {
        rows.start("c-1/t-1", ROWS);
        rows.see("c-1/t-1", "configuration/c-1", 100L);

        assertThat(rows.see("c-1/t-1", "configuration/c-1", 150L)).isEqualTo(PendingRows.Seen.IGNORED);
        assertThat(rows.see("c-1/t-1", "configuration_pv/c-1/Z", 150L)).isEqualTo(PendingRows.Seen.IGNORED);
        assertThat(rows.see("c-1/t-9", "configuration/c-1", 150L)).isEqualTo(PendingRows.Seen.IGNORED);
        assertThat(rows.missing("c-1/t-1")).isEqualTo(1);
        assertThat(rows.maxLsn("c-1/t-1")).isEqualTo(100L);
    }

    @Test
    void eventsWithoutLsnCountButHideNoKnownLsn() {
        rows.start("c-1/t-1", ROWS);

        rows.see("c-1/t-1", "configuration/c-1", null);
        assertThat(rows.maxLsn("c-1/t-1")).isNull();
        assertThat(rows.see("c-1/t-1", "configuration_pv/c-1/A", 7L)).isEqualTo(PendingRows.Seen.COMPLETE);
        assertThat(rows.maxLsn("c-1/t-1")).isEqualTo(7L);
    }

    @Test
    void restoreRebuildsTheCountFromTheMarks() {
        rows.start("c-1/t-1", ROWS);
        rows.see("c-1/t-1", "configuration/c-1", 100L);
        PendingRows restarted = new PendingRows(marks);

        assertThat(restarted.restore("c-1/t-1", ROWS)).isFalse();
        assertThat(restarted.missing("c-1/t-1")).isEqualTo(1);
        assertThat(restarted.maxLsn("c-1/t-1")).isEqualTo(100L);
        assertThat(restarted.see("c-1/t-1", "configuration_pv/c-1/A", 50L)).isEqualTo(PendingRows.Seen.COMPLETE);
        assertThat(restarted.maxLsn("c-1/t-1")).isEqualTo(100L);
    }

    @Test
    void restoreSaysWhenEveryRowWasAlreadySeen() {
        rows.start("c-1/t-1", ROWS);
        rows.see("c-1/t-1", "configuration/c-1", 100L);
        rows.see("c-1/t-1", "configuration_pv/c-1/A", 200L);

        assertThat(new PendingRows(marks).restore("c-1/t-1", ROWS)).isTrue();
    }

    @Test
    void restoreWithLostMarksStartsOver() {
        assertThat(rows.restore("c-1/t-1", ROWS)).isFalse();

        assertThat(rows.missing("c-1/t-1")).isEqualTo(2);
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isEqualTo(PendingRows.NOT_SEEN);
    }

    @Test
    void restoreWithLostMarksAndNoRowsToRebuildThemLeavesItUntrackedUntilStartedAgain() {
        assertThat(rows.restore("c-1/t-1", List.of())).isFalse();

        assertThat(rows.tracks("c-1/t-1")).isFalse();
        assertThat(rows.see("c-1/t-1", "configuration/c-1", 1L)).isEqualTo(PendingRows.Seen.IGNORED);
        rows.start("c-1/t-1", ROWS); // the transaction's record, processed again
        assertThat(rows.missing("c-1/t-1")).isEqualTo(2);
    }

    @Test
    void expectedCountsEveryRowStartedOrRestored() {
        rows.start("c-1/t-1", ROWS);
        rows.see("c-1/t-1", "configuration/c-1", 100L);

        assertThat(rows.expected("c-1/t-1")).isEqualTo(2);
        PendingRows restarted = new PendingRows(marks);
        restarted.restore("c-1/t-1", List.of());
        assertThat(restarted.expected("c-1/t-1")).isEqualTo(2);
        assertThat(restarted.missing("c-1/t-1")).isEqualTo(1);
        assertThat(restarted.expected("c-1/t-9")).isEqualTo(-1);
    }

    @Test
    void finishDeletesOnlyThatTransactionsMarks() {
        rows.start("c-1/t-1", ROWS);
        rows.start("c-1/t-10", ROWS);

        rows.finish("c-1/t-1");

        assertThat(rows.tracks("c-1/t-1")).isFalse();
        assertThat(rows.see("c-1/t-1", "configuration/c-1", 1L)).isEqualTo(PendingRows.Seen.IGNORED);
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isNull();
        assertThat(marks.get("c-1/t-10/configuration/c-1")).isEqualTo(PendingRows.NOT_SEEN);
        assertThat(rows.missing("c-1/t-10")).isEqualTo(2);
    }
}
