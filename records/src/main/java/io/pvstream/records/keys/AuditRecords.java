package io.pvstream.records.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.catalog.ConfigurationWrites;
import io.pvstream.records.buffer.OpsRows;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.schemas.avro.ApiKey;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.ops.OpsTables;

/**
 * The operations-buffer transactions of security records: one row of {@code audit} per event, one row of
 * {@code api_key} per key change. Pure. Each is its own entity ({@code ops.tx} key = event or key id).
 */
public final class AuditRecords {

    public static final String AUDIT_ENTITY = "audit";
    public static final String API_KEY_ENTITY = "api_key";

    private AuditRecords() {
    }

    /** The event as the API shows it (also the transaction's entity JSON). */
    public static ObjectNode view(AuditEvent event, ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", event.getId());
        json.put("at", KeyView.iso(event.getAtNs()));
        json.put("atNs", event.getAtNs());
        json.put("keyId", event.getKeyId());
        json.put("keyName", event.getKeyName());
        json.put("role", event.getRole());
        json.put("method", event.getMethod());
        json.put("path", event.getPath());
        json.put("targetId", event.getTargetId());
        json.put("status", event.getStatus());
        json.put("remoteAddress", event.getRemoteAddress());
        json.put("instance", event.getInstance());
        return json;
    }

    public static OpsTransaction auditTransaction(AuditEvent event, String txId, ObjectMapper mapper) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", event.getId());
        values.put("at", Math.floorDiv(event.getAtNs(), 1_000_000L));
        values.put("at_ns", event.getAtNs());
        values.put("key_id", event.getKeyId());
        values.put("key_name", event.getKeyName());
        values.put("role", event.getRole());
        values.put("method", event.getMethod());
        values.put("path", event.getPath());
        values.put("target_id", event.getTargetId());
        values.put("status", (long) event.getStatus());
        values.put("remote_address", event.getRemoteAddress());
        values.put("instance", event.getInstance());
        values.put(OpsTables.DELETED, false);
        values.put(OpsTables.TX_ID, txId);
        values.put(OpsTables.ENTITY_ID, event.getId());
        TxDraft draft = new TxDraft(txId, event.getAtNs(), event.getKeyName());
        return ConfigurationWrites.transaction(draft, AUDIT_ENTITY, event.getId(), OpsOperation.CREATE,
                view(event, mapper), List.of(OpsRows.row(OpsTables.AUDIT, values)), mapper);
    }

    /**
     * @param changedNs when this change was made (creation or revocation)
     */
    public static OpsTransaction keyTransaction(ApiKey key, String txId, long changedNs, ObjectMapper mapper) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", key.getId());
        values.put("name", key.getName());
        values.put("role", key.getRole());
        values.put("key_hash", key.getKeyHash());
        values.put("created_at", Math.floorDiv(key.getCreatedNs(), 1_000_000L));
        values.put("created_by", key.getCreatedBy());
        values.put("revoked_at", key.getRevokedNs() == null ? null : Math.floorDiv(key.getRevokedNs(), 1_000_000L));
        values.put("revoked_by", key.getRevokedBy());
        values.put(OpsTables.DELETED, false);
        values.put("updated_at", Math.floorDiv(changedNs, 1_000_000L));
        values.put(OpsTables.TX_ID, txId);
        values.put(OpsTables.ENTITY_ID, key.getId());
        TxDraft draft = new TxDraft(txId, changedNs, key.getRevokedNs() != null ? key.getRevokedBy() : key.getCreatedBy());
        ObjectNode entity = mapper.valueToTree(KeyView.of(key));
        return ConfigurationWrites.transaction(draft, API_KEY_ENTITY, key.getId(),
                key.getRevokedNs() == null ? OpsOperation.CREATE : OpsOperation.UPDATE, entity,
                List.of(OpsRows.row(OpsTables.API_KEY, values)), mapper);
    }
}
