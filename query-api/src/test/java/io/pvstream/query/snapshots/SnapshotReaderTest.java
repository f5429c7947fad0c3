package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.pvstream.query.http.Json;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.RecentBufferedWrites;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.snapshots.SavedValuesCache;
import io.pvstream.records.snapshots.Snapshot;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotWrites;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.streams.ops.PendingSummary;

/** A snapshot still in the write buffer, read by another reader than the one that took it (no recent writes). */
class SnapshotReaderTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 7001);

    private final List<PendingTransaction> entries = new ArrayList<>();
    private final AtomicInteger entityReads = new AtomicInteger();
    private final SavedValuesCache cache = new SavedValuesCache(1_000);
    // no database: every part of the snapshot is in the buffer, so a read that asked the database would fail
    private final SnapshotReader reader = new SnapshotReader(new PendingOverlay(new BufferOnly(), null, MAPPER,
            new RecentBufferedWrites()), null, MAPPER, cache);
    private final List<SnapshotValue> values = List.of(SnapshotTestValues.number("SIM:A", 1.5),
            SnapshotTestValues.number("SIM:B", 2.5), SnapshotTestValues.neverSeen("SIM:C"));

    @Test
    void valuesNotKeptAreReadFromTheBufferedParts() {
        buffer(SnapshotWrites.create(new TxDraft("tx-header", 1L, "alice"), header(), values, 1, // a part per value
                () -> "tx-" + entries.size(), MAPPER), false);

        SnapshotReader.Loaded loaded = reader.load("snap-1");

        assertThat(loaded.values()).extracting(SnapshotValue::pv).containsExactly("SIM:A", "SIM:B", "SIM:C");
        assertThat(loaded.values().get(1).num()).isEqualTo(2.5);
        assertThat(loaded.item().path("state").asText()).isEqualTo("pending");
        assertThat(loaded.item().path("chunkCount").asInt()).isEqualTo(3);
        assertThat(cache.get("snap-1")).as("complete: kept for the next read").contains(loaded.values());
    }

    @Test
    void aHeaderReadAndAReadOfKeptValuesNeverParseThePartsValues() {
        // parts whose entity JSON does not parse: a read that parsed them would throw
        buffer(SnapshotWrites.create(new TxDraft("tx-header", 1L, "alice"), header(), values, 1,
                () -> "tx-" + entries.size(), MAPPER), true);
        reader.remember("snap-1", values);

        assertThat(reader.header("snap-1").path("pvCount").asInt()).isEqualTo(3);
        SnapshotReader.Loaded loaded = reader.load("snap-1");
        assertThat(loaded.values()).isSameAs(cache.get("snap-1").orElseThrow());
        assertThat(loaded.item().path("state").asText()).as("its parts count for the state").isEqualTo("pending");
        assertThat(entityReads).hasValue(2);
    }

    @Test
    void aSnapshotIsCommittedOnlyOnceEveryPartIs() {
        List<Write> writes = SnapshotWrites.create(new TxDraft("tx-header", 1L, "alice"), header(), values, 1,
                () -> "tx-" + entries.size(), MAPPER);
        buffer(writes, false);
        entries.replaceAll(entry -> PendingTransaction.newBuilder(entry).setState(PendingState.COMMITTED).build());
        assertThat(reader.header("snap-1").path("state").asText()).isEqualTo("committed");

        entries.set(1, PendingTransaction.newBuilder(entries.get(1)).setState(PendingState.PENDING).build());
        assertThat(reader.header("snap-1").path("state").asText()).isEqualTo("pending");
    }

    private void buffer(List<Write> writes, boolean unreadableParts) {
        for (Write write : writes) {
            OpsTransaction tx = write.tx();
            if (unreadableParts && tx.getEntityType().equals(SnapshotWrites.VALUES_TYPE)) {
                tx = OpsTransaction.newBuilder(tx).setEntityJson("{not JSON").build();
            }
            entries.add(PendingTransaction.newBuilder().setTx(tx).setState(PendingState.PENDING)
                    .setSeenRows(List.of()).setLsn(null).setCommittedNs(null).setOverdueReported(false).build());
        }
    }

    private static Snapshot header() {
        return new Snapshot("snap-1", null, "before shutdown", null, List.of(), "2026-09-21T12:00:00Z", "alice",
                "live", null, null, JsonNodeFactory.instance.objectNode().put("pattern", "SIM:*"), 0, 0, null,
                Map.of(), "2026-09-21T12:00:00Z");
    }

    /** This instance holds the whole pending store. */
    private final class BufferOnly implements OpsPendingLookup {

        @Override
        public HostInfo localHost() {
            return SELF;
        }

        @Override
        public Optional<HostInfo> ownerOf(String entityId) {
            return Optional.of(SELF);
        }

        @Override
        public List<PendingTransaction> pendingForEntity(String entityId) {
            entityReads.incrementAndGet();
            return entries.stream().filter(entry -> entry.getTx().getEntityId().equals(entityId)).toList();
        }

        @Override
        public List<PendingTransaction> pendingOfType(String entityType) {
            throw new UnsupportedOperationException("not read by these tests");
        }

        @Override
        public PendingSummary summary() {
            return PendingSummary.of(entries);
        }

        @Override
        public Collection<HostInfo> allHosts() {
            return List.of(SELF);
        }
    }
}
