package io.pvstream.query.pvconfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.query.pvconfig.PvSpecRules.InvalidSpec;

/**
 * A spec from a JSON object:
 * {@code {"name","deadband","archiveDeadband","monitorMask":[...],"readbackPv","tags":[...],"protocol"}}.
 */
final class PvSpecJson {

    private static final Set<String> FIELDS = Set.of("name", "deadband", "archiveDeadband", "monitorMask",
            "readbackPv", "tags", "protocol");

    private PvSpecJson() {
    }

    /**
     * @param pathName the name from the URL (PUT), or null when the object must carry it (import)
     * @throws InvalidSpec naming every problem
     */
    static PvSpec parse(JsonNode node, String pathName) {
        if (node == null || !node.isObject()) {
            throw new InvalidSpec("a spec must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.add("unknown field '" + PvSpecRules.printable(field) + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String name = text(node, "name", problems);
        if (pathName != null) {
            if (name != null && !name.equals(pathName)) {
                problems.add("name: the body says '" + PvSpecRules.printable(name) + "', the path '"
                        + PvSpecRules.printable(pathName) + "'");
            }
            name = pathName;
        }
        Double deadband = number(node, "deadband", problems);
        Double archiveDeadband = number(node, "archiveDeadband", problems);
        List<String> mask = strings(node, "monitorMask", problems);
        String readback = text(node, "readbackPv", problems);
        List<String> tags = strings(node, "tags", problems);
        String protocol = text(node, "protocol", problems);
        return PvSpecRules.validated(problems, name, deadband, archiveDeadband, mask, readback, tags, protocol);
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": must be a string");
            return null;
        }
        return value.asText();
    }

    private static Double number(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            problems.add(field + ": must be a number or null");
            return null;
        }
        return value.asDouble();
    }

    /** An array of strings, or one string of names separated by {@code |}, comma or spaces. */
    private static List<String> strings(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return PvSpecCsv.split(value.asText());
        }
        if (!value.isArray()) {
            problems.add(field + ": must be an array of strings");
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                problems.add(field + ": must be an array of strings");
                return null;
            }
            items.add(item.asText());
        }
        return items;
    }
}
