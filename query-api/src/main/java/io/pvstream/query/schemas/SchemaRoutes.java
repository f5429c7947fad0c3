package io.pvstream.query.schemas;

import java.io.UncheckedIOException;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.security.Role;
import io.pvstream.schemas.catalog.SchemaCatalog;
import io.pvstream.schemas.catalog.TopicContents;

/**
 * The schemas of our topics for consumers without our code (no schema registry needed):
 * <ul>
 * <li>{@code GET /api/v1/schemas}: every topic with its key and value (format, Avro schema and its fingerprint,
 * writers, readers), and every schema version the platform may have written (current and historic);</li>
 * <li>{@code GET /api/v1/schemas/{fingerprint}}: the Avro schema (JSON) that a single-object header names,
 * the fingerprint as 16 hex digits; 404 when no version has it, 400 when it is not 16 hex digits.</li>
 * </ul>
 * Everything comes from the schemas jar ({@link SchemaCatalog}), so every instance answers the same.
 */
public final class SchemaRoutes {

    public static final String PATH = "/api/v1/schemas";
    public static final String ONE_PATH = PATH + "/{fingerprint}";

    private final SchemaCatalog catalog;
    private final ObjectMapper mapper;
    private final String listing;

    public SchemaRoutes(SchemaCatalog catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.listing = render(); // immutable: built once
    }

    /** Adds the routes to {@code app} (before it starts). */
    public void addTo(Javalin app) {
        app.get(PATH, this::list, Role.READER);
        app.get(ONE_PATH, this::one, Role.READER);
    }

    void list(Context ctx) {
        ctx.contentType("application/json").result(listing);
    }

    void one(Context ctx) {
        String text = ctx.pathParam("fingerprint");
        OptionalLong fingerprint = SchemaCatalog.parseHex(text);
        if (fingerprint.isEmpty()) {
            throw ApiException.badRequest("a fingerprint is 16 hex digits (the CRC-64-AVRO of the single-object"
                    + " header, bytes 2..9 read as a little-endian 64-bit number), not '" + text + "'");
        }
        SchemaCatalog.Entry entry = catalog.byFingerprint(fingerprint.getAsLong()).orElseThrow(() ->
                ApiException.notFound("no schema with fingerprint " + text.toLowerCase(java.util.Locale.ROOT)
                        + " (written by a newer pvstream than this instance?)"));
        ctx.contentType("application/json").result(entry.schema().toString());
    }

    private String render() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode topics = root.putArray("topics");
        for (TopicContents.Content content : TopicContents.ALL) {
            ObjectNode topic = topics.addObject();
            topic.put("topic", content.topic().endsWith(".") ? content.topic() + "*" : content.topic());
            ObjectNode key = topic.putObject("key");
            key.put("format", "string");
            key.put("content", content.key());
            ObjectNode value = topic.putObject("value");
            value.put("format", content.format().name().toLowerCase(java.util.Locale.ROOT));
            if (content.schema() != null) {
                SchemaCatalog.Entry entry = catalog.current(content.schema()).orElseThrow();
                value.put("name", entry.name());
                value.put("fingerprint", entry.fingerprintHex());
                value.set("schema", json(entry));
            }
            topic.put("writers", content.writers());
            topic.put("readers", content.readers());
        }
        ArrayNode schemas = root.putArray("schemas");
        for (var list : java.util.List.of(catalog.current(), catalog.history())) {
            for (SchemaCatalog.Entry entry : list) {
                ObjectNode node = schemas.addObject();
                node.put("name", entry.name());
                node.put("file", entry.file());
                node.put("fingerprint", entry.fingerprintHex());
                node.put("current", entry.current());
                node.set("schema", json(entry));
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode json(SchemaCatalog.Entry entry) {
        try {
            return mapper.readTree(entry.schema().toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
