package io.pvstream.query.security;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.query.http.RequestBodies;
import io.pvstream.records.keys.ApiKeys;
import io.pvstream.records.keys.AuditCursor;
import io.pvstream.records.keys.AuditLog;
import io.pvstream.records.keys.KeyRole;
import io.pvstream.records.keys.KeyView;

/**
 * <pre>
 * POST   /api/v1/keys {"name","role"}       201 with the key: the only time it is shown        (admin)
 * GET    /api/v1/keys                       every key, revoked ones too; never a secret           (admin)
 * DELETE /api/v1/keys/{id}                  revokes: every instance refuses it within seconds     (admin)
 * GET    /api/v1/audit?limit=&amp;cursor=       the audit trail, newest first                         (admin)
 * </pre>
 */
public final class SecurityEndpoints {

    public static final String KEYS_PATH = "/api/v1/keys";
    public static final String AUDIT_PATH = "/api/v1/audit";
    static final int DEFAULT_AUDIT_LIMIT = 100;
    static final int MAX_AUDIT_LIMIT = 1000;
    private static final long MAX_BODY_BYTES = 4096;
    private static final Set<String> KEY_FIELDS = Set.of("name", "role");

    private final ApiKeys keys;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    public SecurityEndpoints(ApiKeys keys, AuditLog audit, ObjectMapper mapper) {
        this.keys = keys;
        this.audit = audit;
        this.mapper = mapper;
    }

    /** Registers the routes, each with its role; call inside {@code config.router.apiBuilder(...)}. */
    public void addRoutes() {
        post(KEYS_PATH, this::create, Role.ADMIN);
        get(KEYS_PATH, this::list, Role.ADMIN);
        delete(KEYS_PATH + "/{id}", this::revoke, Role.ADMIN);
        get(AUDIT_PATH, this::audit, Role.ADMIN);
    }

    void create(Context ctx) {
        JsonNode body = RequestBodies.jsonObject(ctx, MAX_BODY_BYTES, mapper);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!KEY_FIELDS.contains(field)) {
                throw ApiException.badRequest(field + ": unknown field (allowed: name, role)");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest("name: required, a string (who or what uses the key)");
        }
        JsonNode roleNode = body.get("role");
        KeyRole role = roleNode == null || !roleNode.isTextual() ? null : KeyRole.parse(roleNode.asText()).orElse(null);
        if (role == null) {
            throw ApiException.badRequest("role: required, one of reader, operator, restorer, admin");
        }
        ApiKeys.Created created = keys.create(name.asText(), role, AccessControl.principal(ctx).orElse(null));
        ObjectNode answer = mapper.valueToTree(KeyView.of(created.key()));
        answer.put("key", created.secret());
        answer.put("note", "store the key now: it is not shown again (only its SHA-256 is kept)");
        ctx.status(201).header("Location", KEYS_PATH + "/" + created.key().getId()).json(answer);
    }

    void list(Context ctx) {
        ObjectNode answer = mapper.createObjectNode();
        answer.set("items", mapper.valueToTree(keys.list()));
        ctx.json(answer);
    }

    void revoke(Context ctx) {
        ctx.json(KeyView.of(keys.revoke(ctx.pathParam("id"), AccessControl.principal(ctx).orElse(null))));
    }

    void audit(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(value -> value >= 1 && value <= MAX_AUDIT_LIMIT, "must be between 1 and " + MAX_AUDIT_LIMIT)
                .getOrDefault(DEFAULT_AUDIT_LIMIT);
        AuditCursor cursor = AuditCursor.decode(ctx.queryParam("cursor"));
        AuditLog.Page page;
        try {
            page = audit.page(cursor, limit);
        } catch (DatabaseUnavailableException e) {
            throw ApiException.unavailable(e.getMessage() + "; every audit event is also on the topic "
                    + io.pvstream.schemas.Topics.SECURITY_AUDIT);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.set("items", mapper.valueToTree(page.items()));
        answer.put("nextCursor", page.nextCursor());
        ctx.json(answer);
    }
}
