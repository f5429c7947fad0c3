package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.records.snapshots.Snapshot;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotWrites;

class SnapshotWritesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TxDraft DRAFT = new TxDraft("tx-header", 1_790_000_000_000_000_000L, "alice");

    @Test
    void a40000PvSnapshotTravelsInChunksUnderTheKafkaDefaultLimitThenItsHeader() {
        List<SnapshotValue> values = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            values.add(SnapshotTestValues.number(String.format("SR:C%02d:PS%05d:Current", i % 40, i), i * 0.5));
        }
        AtomicInteger txIds = new AtomicInteger();

        List<Write> writes = SnapshotWrites.create(DRAFT, header(), values, 256 * 1024,
                () -> "tx-chunk-" + txIds.incrementAndGet(), MAPPER);

        Write last = writes.get(writes.size() - 1);
        assertThat(last.tx().getEntityType()).isEqualTo(SnapshotWrites.HEADER_TYPE);
        assertThat(last.tx().getTxId()).isEqualTo("tx-header");
        assertThat(last.entity().path("chunkCount").asInt()).isEqualTo(writes.size() - 1);
        assertThat(last.entity().path("pvCount").asInt()).isEqualTo(40_000);
        List<Write> chunks = writes.subList(0, writes.size() - 1);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.tx().getEntityId()).isEqualTo("snap-1");
            assertThat(Serdes.OPS_TRANSACTION.serialize("ops.tx", chunk.tx()).length)
                    .as("chunk %s", chunk.tx().getTxId()).isLessThan(1_000_000);
        });
        assertThat(chunks.stream().mapToInt(chunk -> chunk.tx().getRows().size()).sum()).isEqualTo(40_000);
        assertThat(chunks.stream().map(chunk -> chunk.tx().getTxId()).distinct()).hasSize(chunks.size());
        for (int i = 0; i < chunks.size(); i++) { // built in parallel, kept in order: chunk i has the i-th id and part
            assertThat(chunks.get(i).entity().path("chunk").asInt()).isEqualTo(i);
            assertThat(chunks.get(i).tx().getTxId()).isEqualTo("tx-chunk-" + (i + 1));
            assertThat(chunks.get(i).entity().path("values").get(0).path("pv").asText())
                    .isEqualTo(values.get(chunks.subList(0, i).stream()
                            .mapToInt(chunk -> chunk.tx().getRows().size()).sum()).pv());
        }
    }

    @Test
    void rowsCarryTheChunkTheTransactionAndTheTypedValue() {
        List<SnapshotValue> values = List.of(SnapshotTestValues.number("A", 1.5),
                SnapshotTestValues.neverSeen("B").withSettings(0.1, null, true));

        List<Write> writes = SnapshotWrites.create(DRAFT, header(), values, 256 * 1024, () -> "tx-chunk", MAPPER);

        assertThat(writes).hasSize(2);
        List<OpsRow> rows = writes.get(0).tx().getRows();
        Map<String, Object> a = rows.get(0).getColumns();
        assertThat(a).containsEntry("pv_name", "A").containsEntry("value_kind", "double").containsEntry("value_num", 1.5)
                .containsEntry("chunk", 0L).containsEntry("tx_id", "tx-chunk").containsEntry("entity_id", "snap-1");
        Map<String, Object> b = rows.get(1).getColumns();
        assertThat(b).containsEntry("state", "never_seen").containsEntry("read_only", true)
                .containsEntry("tolerance_abs", 0.1);
        assertThat(b.get("value_kind")).isNull();
        List<OpsRow> header = writes.get(1).tx().getRows();
        assertThat(header).extracting(OpsRow::getTable).containsExactly("snapshot", "snapshot_tag");
        assertThat(header.get(0).getColumns()).containsEntry("never_seen_count", 1L).containsEntry("ok_count", 1L);
    }

    private static Snapshot header() {
        return new Snapshot("snap-1", null, "before shutdown", "all magnets", List.of("golden"),
                "2026-09-21T12:00:00Z", "alice", "live", null, null,
                JsonNodeFactory.instance.objectNode().put("pattern", "SR:*"), 0, 0, null, Map.of("pv.values-0", 12L),
                "2026-09-21T12:00:00Z");
    }
}
