package io.pvstream.query.ops;

import static io.pvstream.query.ops.RowAssertions.assertAllFit;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.catalog.Tag;
import io.pvstream.records.catalog.TagInput;
import io.pvstream.records.catalog.TagWrites;

/** The one-row transactions of tag writes. */
class TagWritesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TxDraft DRAFT = new TxDraft("tx-9", 1_772_366_400_123_456_789L, null);

    @Test
    void createUpdateAndDeleteEachWriteTheWholeRow() {
        Write created = TagWrites.create(DRAFT, "tag-1", new TagInput("golden", null), MAPPER);
        assertThat(created.tx().getOperation()).isEqualTo(OpsOperation.CREATE);
        assertThat(created.tx().getAuthor()).isNull();
        assertAllFit(created.tx().getRows(), "tx-9", "tag-1");
        assertThat(created.tx().getRows()).singleElement().satisfies(row -> assertThat(row.getColumns())
                .isEqualTo(ConfigurationWritesTest.columns("id", "tag-1", "name", "golden", "description", null,
                        "deleted", false, "updated_at", 1_772_366_400_123L, "tx_id", "tx-9", "entity_id", "tag-1")));

        Tag current = new Tag("tag-1", "tx-1", "golden", null, "2026-03-01T11:00:00Z");
        Write updated = TagWrites.update(DRAFT, current, new TagInput("gold", "best"), MAPPER);
        assertThat(updated.tx().getOperation()).isEqualTo(OpsOperation.UPDATE);
        assertThat(updated.tx().getRows().get(0).getColumns()).containsEntry("name", "gold")
                .containsEntry("description", "best").containsEntry("deleted", false);

        Write deleted = TagWrites.delete(DRAFT, current, MAPPER);
        assertThat(deleted.tx().getOperation()).isEqualTo(OpsOperation.DELETE);
        assertAllFit(deleted.tx().getRows(), "tx-9", "tag-1");
        assertThat(deleted.tx().getRows().get(0).getColumns()).containsEntry("deleted", true)
                .containsEntry("name", "golden");
        assertThat(deleted.entity().path("deleted").asBoolean()).isTrue();
    }
}
