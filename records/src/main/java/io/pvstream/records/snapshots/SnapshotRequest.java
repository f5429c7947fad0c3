package io.pvstream.records.snapshots;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.DomainException.Invalid;

/**
 * A validated {@code POST /api/v1/snapshots} body: a name, a comment, tags, and exactly one way to choose the PVs —
 * {@code pvs} (names), {@code configurationId}, or {@code pattern} (a glob such as {@code SR:C01:*}). All problems
 * are reported together in one 400.
 *
 * <p>{@code asOf} (an ISO-8601 time in the past) asks for a snapshot of the past: the values come from the archive
 * at that time instead of the live state. It takes {@code pvs} or {@code configurationId}, not {@code pattern}: a
 * glob is matched against the PVs the platform knows now, which need not be the ones that existed then.
 *
 * @param asOf the past time the snapshot shows; null for a live snapshot
 */
public record SnapshotRequest(String name, String comment, List<String> tags, List<String> pvs,
                              String configurationId, String pattern, Instant asOf) {

    public static final int MAX_NAME = 200;
    static final int MAX_COMMENT = 4_000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG = 100;
    static final int MAX_PV_NAME = 256;
    private static final Set<String> FIELDS = Set.of("name", "comment", "tags", "pvs", "configurationId", "pattern",
            "asOf");

    /** How the PVs were chosen, as the snapshot records it. */
    public ObjectNode selection() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (pvs != null) {
            node.put("pvs", pvs.size());
        } else if (configurationId != null) {
            node.put("configurationId", configurationId);
        } else {
            node.put("pattern", pattern);
        }
        return node;
    }

    public static SnapshotRequest parse(JsonNode body, int maxPvs) {
        return parse(body, maxPvs, null);
    }

    /** @param now an {@code asOf} after it is refused; null: not checked */
    public static SnapshotRequest parse(JsonNode body, int maxPvs, Instant now) {
        List<String> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                errors.add(shorten(field) + ": unknown field (allowed: asOf, comment, configurationId, name, pattern, pvs, "
                        + "tags)");
            }
        }
        String name = text(body, "name", MAX_NAME, true, errors);
        String comment = text(body, "comment", MAX_COMMENT, false, errors);
        List<String> tags = tags(body.get("tags"), errors);
        int ways = (has(body, "pvs") ? 1 : 0) + (has(body, "configurationId") ? 1 : 0) + (has(body, "pattern") ? 1 : 0);
        if (ways != 1) {
            errors.add("choose the PVs in exactly one way: pvs (a list of names), configurationId or pattern");
        }
        List<String> pvs = has(body, "pvs") ? pvs(body.get("pvs"), maxPvs, errors) : null;
        String configurationId = has(body, "configurationId") ? uuid(body.get("configurationId"), errors) : null;
        String pattern = has(body, "pattern") ? pattern(body.get("pattern"), errors) : null;
        Instant asOf = has(body, "asOf") ? asOf(body.get("asOf"), now, errors) : null;
        if (asOf != null && has(body, "pattern")) {
            errors.add("asOf: with pvs or configurationId, not pattern (a pattern matches the PVs known now)");
        }
        if (!errors.isEmpty()) {
            int shown = Math.min(errors.size(), 10);
            throw new Invalid(String.join("; ", errors.subList(0, shown))
                    + (errors.size() > shown ? "; and " + (errors.size() - shown) + " more" : ""));
        }
        return new SnapshotRequest(name, comment, tags, pvs, configurationId, pattern, asOf);
    }

    /** A PV name as every endpoint accepts it: 1 to 256 characters, no whitespace or control characters. */
    public static boolean validPvName(String name) {
        return !name.isEmpty() && name.length() <= MAX_PV_NAME
                && name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                        || Character.isSpaceChar(c));
    }

    private static boolean has(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    private static String text(JsonNode body, String field, int max, boolean required, List<String> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(field + ": required");
            }
            return null;
        }
        if (!node.isTextual() || required && node.textValue().isBlank()) {
            errors.add(field + ": must be a " + (required ? "non-blank " : "") + "string");
            return null;
        }
        String text = node.textValue();
        if (text.length() > max) {
            errors.add(field + ": at most " + max + " characters (got " + text.length() + ")");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            errors.add(field + ": must not contain control characters");
        }
        return text;
    }

    private static List<String> tags(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_TAGS) {
            errors.add("tags: must be a list of at most " + MAX_TAGS + " strings");
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode tag : node) {
            if (!tag.isTextual() || tag.textValue().isBlank() || tag.textValue().length() > MAX_TAG
                    || tag.textValue().chars().anyMatch(Character::isISOControl)) {
                errors.add("tags: each must be 1 to " + MAX_TAG + " characters without control characters (got "
                        + shorten(tag.toString()) + ")");
            } else {
                tags.add(tag.textValue());
            }
        }
        return List.copyOf(tags);
    }

    private static List<String> pvs(JsonNode node, int maxPvs, List<String> errors) {
        if (!node.isArray() || node.isEmpty()) {
            errors.add("pvs: must be a non-empty list of PV names");
            return null;
        }
        if (node.size() > maxPvs) {
            errors.add("pvs: at most " + maxPvs + " PVs per snapshot (got " + node.size() + ")");
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode pv : node) {
            if (!pv.isTextual() || !validPvName(pv.textValue())) {
                errors.add("pvs[" + index + "]: must be a PV name of 1 to " + MAX_PV_NAME
                        + " characters without whitespace or control characters (got " + shorten(pv.toString()) + ")");
            } else {
                names.add(pv.textValue());
            }
            index++;
        }
        return List.copyOf(names);
    }

    private static String uuid(JsonNode node, List<String> errors) {
        if (node.isTextual()) {
            try {
                String id = node.textValue();
                if (UUID.fromString(id).toString().equals(id)) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add("configurationId: must be a configuration id (a lower-case UUID)");
        return null;
    }

    private static String pattern(JsonNode node, List<String> errors) {
        if (!node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > MAX_PV_NAME
                || node.textValue().codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            errors.add("pattern: must be a glob of 1 to " + MAX_PV_NAME + " characters (* and ? wildcards), no spaces");
            return null;
        }
        return node.textValue();
    }

    private static Instant asOf(JsonNode node, Instant now, List<String> errors) {
        Instant asOf = null;
        if (node.isTextual()) {
            try {
                // milliseconds: what the snapshot table records (as_of), so the values are those of the time shown
                asOf = Instant.parse(node.textValue().strip()).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (asOf == null) {
            errors.add("asOf: an ISO-8601 UTC time such as 2026-11-23T03:12:00Z (got " + shorten(node.toString()) + ")");
        } else if (now != null && asOf.isAfter(now)) {
            errors.add("asOf: " + asOf + " is in the future (the archive holds the past)");
            return null;
        }
        return asOf;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
