package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.records.DomainException;
import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.buffer.ItemState;
import io.pvstream.records.buffer.PendingVersion;
import io.pvstream.records.buffer.RecentBufferedWrites;
import io.pvstream.records.db.DatabasePoller;
import io.pvstream.records.db.JdbcUrls;
import io.pvstream.records.db.ListCursor;

/** LSNs, JDBC URLs, cursors, rates and the recent-writes cache: pure parts. */
class SmallPartsTest {

    /** What DatabasePoller relies on from pgjdbc: pg_lsn text is the high and low 32 bits in hex, both ways. */
    @Test
    void lsnTextIsHighAndLowThirtyTwoBitsInHex() {
        assertThat(LogSequenceNumber.valueOf("16/B374D848").asLong()).isEqualTo(0x16B374D848L);
        assertThat(LogSequenceNumber.valueOf("0/1A2B3C4").asLong()).isEqualTo(0x1A2B3C4L);
        assertThat(LogSequenceNumber.valueOf("16/b374d848").asLong()).isEqualTo(0x16B374D848L);
        assertThat(LogSequenceNumber.valueOf(0x16B374D848L).asString()).isEqualTo("16/B374D848");
        assertThat(LogSequenceNumber.valueOf(LogSequenceNumber.valueOf("0/3000060").asLong()).asString())
                .isEqualTo("0/3000060");
    }

    @Test
    void jdbcUrlsShowHostAndPortOnly() {
        assertThat(JdbcUrls.hostPort("jdbc:postgresql://127.0.0.1:5433/pvstream?password=secret"))
                .isEqualTo("127.0.0.1:5433");
        assertThat(JdbcUrls.hostPort("jdbc:postgresql://db/pvstream")).isEqualTo("db:5432");
        assertThat(JdbcUrls.hostPort("jdbc:postgresql://[::1]/pvstream")).isEqualTo("[::1]:5432");
        assertThat(JdbcUrls.hostPort("jdbc:postgresql://user:secret@db:6543/x")).isEqualTo("db:6543");
        assertThatThrownBy(() -> JdbcUrls.hostPort("jdbc:mysql://db/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("mysql://db");
    }

    @Test
    void cursorsRoundTripAndForeignOnesAre400() {
        ListCursor cursor = new ListCursor("name with / and ü", "00000000-0000-0000-0000-000000000001");
        assertThat(ListCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(ListCursor.decode(null)).isNull();
        assertThat(ListCursor.decode("")).isNull();
        assertThatThrownBy(() -> ListCursor.decode("not*base64")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> ListCursor.decode("YWJj")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400));
    }

    @Test
    void ratesAreOffsetProgressPerSecondAndNeverNegative() {
        FlowRates rates = FlowRates.between(new FlowRates.Sample(0, 100, 10),
                new FlowRates.Sample(2_000_000_000L, 300, 14), 3, "2026-03-01T12:00:00Z");
        assertThat(rates.applyPerSecond()).isEqualTo(100.0);
        assertThat(rates.confirmPerSecond()).isEqualTo(2.0);
        assertThat(rates.deadLetters()).isEqualTo(3);
        FlowRates recreated = FlowRates.between(new FlowRates.Sample(0, 100, 10),
                new FlowRates.Sample(1_000_000_000L, 5, 10), 0, "t");
        assertThat(recreated.applyPerSecond()).isZero();
        assertThat(FlowRates.between(new FlowRates.Sample(5, 1, 1), new FlowRates.Sample(5, 9, 9), 0, "t")
                .applyPerSecond()).isZero();
    }

    @Test
    void aRecentWriteLeavesOnceTheStoreShowsItOrItExpiresListingsFirst() {
        AtomicLong now = new AtomicLong();
        RecentBufferedWrites recent = new RecentBufferedWrites(now::get, Duration.ofSeconds(600), Duration.ofSeconds(90), 2);
        recent.add(version("tx-1", "e-1", "tag", 1));
        recent.add(version("tx-2", "e-1", "tag", 2));
        assertThat(recent.forEntity("e-1", List.of())).extracting(PendingVersion::txId).containsExactly("tx-1", "tx-2");
        assertThat(recent.forEntity("e-1", List.of(version("tx-1", "e-1", "tag", 1))))
                .extracting(PendingVersion::txId).containsExactly("tx-2");
        assertThat(recent.forEntity("e-1", List.of())).as("tx-1 is gone for good").extracting(PendingVersion::txId)
                .containsExactly("tx-2");
        recent.add(version("tx-3", "e-2", "configuration", 3));
        recent.add(version("tx-4", "e-3", "configuration", 4));
        assertThat(recent.size()).as("bounded").isEqualTo(2);
        assertThat(recent.ofType("configuration", List.of())).extracting(PendingVersion::txId)
                .containsExactly("tx-3", "tx-4");
        now.addAndGet(Duration.ofSeconds(91).toNanos());
        assertThat(recent.ofType("configuration", List.of())).as("listings: no more after 90 s").isEmpty();
        assertThat(recent.forEntity("e-2", List.of())).as("a read of the entity still sees it (the store lags)")
                .extracting(PendingVersion::txId).containsExactly("tx-3");
        now.addAndGet(Duration.ofSeconds(510).toNanos());
        assertThat(recent.forEntity("e-2", List.of())).isEmpty();
        assertThat(recent.size()).isZero();
    }

    @Test
    void aRecentWriteLeavesOnceTheStoreShowsALaterOneOfItsEntityEvenIfItNeverShowedThisOne() {
        RecentBufferedWrites recent = new RecentBufferedWrites(() -> 0, Duration.ofSeconds(600), Duration.ofSeconds(90), 10);
        recent.add(version("chunk-1", "s-1", "snapshot_value", 10));
        recent.add(version("chunk-2", "s-1", "snapshot_value", 11));
        recent.add(version("header", "s-1", "snapshot", 12));
        recent.add(version("other", "s-2", "snapshot", 13));
        // the store consumed (and confirmed and dropped) the chunks unseen; it shows the header now
        assertThat(recent.forEntity("s-1", List.of(version("header", "s-1", "snapshot", 12)))).isEmpty();
        assertThat(recent.size()).as("only the other entity's write is left").isEqualTo(1);
        recent.add(version("part", "s-3", "snapshot_value", 20));
        recent.add(version("its-header", "s-3", "snapshot", 20));
        assertThat(recent.forEntity("s-3", List.of(version("part", "s-3", "snapshot_value", 20))))
                .as("the store shows a part buffered at the same instant: the header may still be ahead of it")
                .extracting(PendingVersion::txId).containsExactly("its-header");
        assertThat(recent.forEntity("s-2", List.of(version("earlier", "s-2", "snapshot", 5))))
                .as("the store shows only an earlier version: this one is still ahead of it")
                .extracting(PendingVersion::txId).containsExactly("other");
    }

    private static PendingVersion version(String txId, String entityId, String type, long bufferedNs) {
        return new PendingVersion(txId, entityId, type, OpsOperation.UPDATE, ItemState.PENDING, bufferedNs, false,
                JsonNodeFactory.instance.objectNode().put("id", entityId));
    }
}
