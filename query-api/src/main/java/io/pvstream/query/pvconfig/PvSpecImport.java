package io.pvstream.query.pvconfig;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.query.pvconfig.ImportBatch.LineError;
import io.pvstream.query.pvconfig.PvSpecRules.InvalidSpec;

/** A bulk import in JSON: an array of spec objects (what the JSON export writes), or {@code {"pvs": [...]}}. */
final class PvSpecImport {

    private PvSpecImport() {
    }

    /** @throws InvalidSpec when the body as a whole is neither form */
    static ImportBatch parse(JsonNode root) {
        JsonNode items = root != null && root.isObject() ? root.get("pvs") : root;
        if (items == null || !items.isArray()) {
            throw new InvalidSpec("a JSON import is an array of specs, or {\"pvs\": [...]}");
        }
        List<PvSpec> specs = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        int item = 0;
        for (JsonNode node : items) {
            item++;
            try {
                specs.add(PvSpecJson.parse(node, null));
            } catch (InvalidSpec e) {
                String name = node.path("name").isTextual() ? node.path("name").asText() : null;
                errors.add(new LineError(item, name, e.getMessage()));
            }
        }
        return new ImportBatch(specs, errors, item);
    }
}
