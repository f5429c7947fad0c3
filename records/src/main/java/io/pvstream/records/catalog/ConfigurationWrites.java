package io.pvstream.records.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.records.buffer.OpsRows;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.db.ListOrder;

/**
 * The transactions that create, replace and delete a configuration: pure functions of the input, the current
 * state and the draft (ids and time), so they are tested without Kafka.
 *
 * <p>The configuration row is written by every transaction (its tx_id and updated_at change). PUT is a full
 * replacement: a row for every PV of the new state, and a soft-deleted row for every PV the configuration had
 * before that it no longer has. "Before" is every version known: the current one and all still pending, so a
 * PV added by a write still in the buffer is removed too.
 */
public final class ConfigurationWrites {

    public static final String ENTITY_TYPE = "configuration";

    private ConfigurationWrites() {
    }

    public static Write create(TxDraft draft, String id, ConfigurationInput input, ObjectMapper mapper) {
        Configuration created = entity(draft, id, input);
        return write(draft, created, OpsOperation.CREATE, mapper.valueToTree(created), liveRows(draft, created, Map.of()),
                mapper);
    }

    /**
     * @param known every version of the configuration still known (pending ones included); their PVs that the
     *              new state lacks are soft-deleted
     */
    public static Write update(TxDraft draft, Configuration current, Collection<Configuration> known,
                               ConfigurationInput input, ObjectMapper mapper) {
        Configuration updated = entity(draft, current.id(), input);
        Map<String, ConfigurationPv> removed = knownPvs(current, known);
        updated.pvs().forEach(pv -> removed.remove(pv.name()));
        return write(draft, updated, OpsOperation.UPDATE, mapper.valueToTree(updated),
                liveRows(draft, updated, removed), mapper);
    }

    /** Soft-deletes the configuration and every PV row it is known to have. */
    public static Write delete(TxDraft draft, Configuration current, Collection<Configuration> known,
                               ObjectMapper mapper) {
        Configuration last = new Configuration(current.id(), draft.txId(), current.name(), current.description(),
                draft.updatedAt(), current.pvCount(), current.pvs());
        List<OpsRow> rows = new ArrayList<>();
        rows.add(configurationRow(draft, last, true));
        knownPvs(current, known).values().forEach(pv -> rows.add(pvRow(draft, last.id(), pv, true)));
        ObjectNode entity = mapper.valueToTree(last);
        entity.put(OpsTables.DELETED, true);
        return write(draft, last, OpsOperation.DELETE, entity, rows, mapper);
    }

    private static Configuration entity(TxDraft draft, String id, ConfigurationInput input) {
        List<ConfigurationPv> pvs = input.pvs().stream()
                .sorted((a, b) -> ListOrder.compareCodePoints(a.name(), b.name()))
                .toList();
        return new Configuration(id, draft.txId(), input.name(), input.description(), draft.updatedAt(), pvs.size(), pvs);
    }

    /** Last known values of every PV any known version lists, by name; the current version's win. */
    private static Map<String, ConfigurationPv> knownPvs(Configuration current, Collection<Configuration> known) {
        Map<String, ConfigurationPv> pvs = new TreeMap<>(ListOrder.CODE_POINTS);
        for (Configuration version : known) {
            if (version.pvs() != null) {
                version.pvs().forEach(pv -> pvs.put(pv.name(), pv));
            }
        }
        if (current.pvs() != null) {
            current.pvs().forEach(pv -> pvs.put(pv.name(), pv));
        }
        return pvs;
    }

    private static List<OpsRow> liveRows(TxDraft draft, Configuration entity, Map<String, ConfigurationPv> removed) {
        List<OpsRow> rows = new ArrayList<>(1 + entity.pvs().size() + removed.size());
        rows.add(configurationRow(draft, entity, false));
        entity.pvs().forEach(pv -> rows.add(pvRow(draft, entity.id(), pv, false)));
        removed.values().forEach(pv -> rows.add(pvRow(draft, entity.id(), pv, true)));
        return rows;
    }

    private static OpsRow configurationRow(TxDraft draft, Configuration entity, boolean deleted) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", entity.id());
        values.put("name", entity.name());
        values.put("description", entity.description());
        values.put(OpsTables.DELETED, deleted);
        values.put("updated_at", draft.updatedAtMillis());
        values.put(OpsTables.TX_ID, draft.txId());
        values.put(OpsTables.ENTITY_ID, entity.id());
        return OpsRows.row(OpsTables.CONFIGURATION, values);
    }

    /** A deleted PV row keeps its last values, so the table still tells what the PV was configured as. */
    private static OpsRow pvRow(TxDraft draft, String configurationId, ConfigurationPv pv, boolean deleted) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("configuration_id", configurationId);
        values.put("pv_name", pv.name());
        values.put("tolerance_abs", pv.toleranceAbs());
        values.put("tolerance_rel", pv.toleranceRel());
        values.put("read_only", pv.readOnly());
        values.put(OpsTables.DELETED, deleted);
        values.put(OpsTables.TX_ID, draft.txId());
        values.put(OpsTables.ENTITY_ID, configurationId);
        return OpsRows.row(OpsTables.CONFIGURATION_PV, values);
    }

    private static Write write(TxDraft draft, Configuration entity, OpsOperation operation, ObjectNode json,
                               List<OpsRow> rows, ObjectMapper mapper) {
        return new Write(transaction(draft, ENTITY_TYPE, entity.id(), operation, json, rows, mapper), json);
    }

    public static OpsTransaction transaction(TxDraft draft, String entityType, String entityId, OpsOperation operation,
                                      ObjectNode entity, List<OpsRow> rows, ObjectMapper mapper) {
        try {
            return OpsTransaction.newBuilder()
                    .setTxId(draft.txId())
                    .setEntityType(entityType)
                    .setEntityId(entityId)
                    .setOperation(operation)
                    .setBufferedNs(draft.bufferedNs())
                    .setAuthor(draft.author())
                    .setEntityJson(mapper.writeValueAsString(entity))
                    .setRows(rows)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }
}
