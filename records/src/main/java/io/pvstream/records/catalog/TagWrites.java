package io.pvstream.records.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.records.buffer.OpsRows;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;

/** The transactions that create, replace and (soft-)delete a tag: one row each. Pure. */
public final class TagWrites {

    public static final String ENTITY_TYPE = "tag";

    private TagWrites() {
    }

    public static Write create(TxDraft draft, String id, TagInput input, ObjectMapper mapper) {
        return write(draft, new Tag(id, draft.txId(), input.name(), input.description(), draft.updatedAt()),
                OpsOperation.CREATE, false, mapper);
    }

    public static Write update(TxDraft draft, Tag current, TagInput input, ObjectMapper mapper) {
        return write(draft, new Tag(current.id(), draft.txId(), input.name(), input.description(), draft.updatedAt()),
                OpsOperation.UPDATE, false, mapper);
    }

    public static Write delete(TxDraft draft, Tag current, ObjectMapper mapper) {
        return write(draft, new Tag(current.id(), draft.txId(), current.name(), current.description(),
                draft.updatedAt()), OpsOperation.DELETE, true, mapper);
    }

    private static Write write(TxDraft draft, Tag tag, OpsOperation operation, boolean deleted, ObjectMapper mapper) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", tag.id());
        values.put("name", tag.name());
        values.put("description", tag.description());
        values.put(OpsTables.DELETED, deleted);
        values.put("updated_at", draft.updatedAtMillis());
        values.put(OpsTables.TX_ID, draft.txId());
        values.put(OpsTables.ENTITY_ID, tag.id());
        List<OpsRow> rows = List.of(OpsRows.row(OpsTables.TAG, values));
        ObjectNode entity = mapper.valueToTree(tag);
        if (deleted) {
            entity.put(OpsTables.DELETED, true);
        }
        return new Write(ConfigurationWrites.transaction(draft, ENTITY_TYPE, tag.id(), operation, entity, rows, mapper),
                entity);
    }
}
