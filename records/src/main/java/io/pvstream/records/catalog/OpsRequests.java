package io.pvstream.records.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.records.DomainException.Invalid;
import io.pvstream.records.DomainException.TooLarge;

/**
 * Validates write bodies into inputs. Every problem found is reported at once (400, up to
 * {@value #MAX_REPORTED} of them), so a client fixes a large configuration in one round trip.
 *
 * <p>Fields the API itself returns ({@code id}, {@code txId}, {@code state}, ...) are accepted and ignored, so
 * a client can PUT back what it got; any other unknown field is an error, because a misspelt optional field
 * (e.g. {@code tolerance_abs}) would otherwise be silently lost.
 */
public final class OpsRequests {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;
    public static final int MAX_PV_NAME_LENGTH = 256;
    static final int MAX_REPORTED = 20;

    private static final Set<String> ECHOED = Set.of("id", "txId", "state", "updatedAt", "pvCount", "deleted");
    private static final Set<String> TAG_FIELDS = Set.of("name", "description");
    private static final Set<String> CONFIGURATION_FIELDS = Set.of("name", "description", "pvs");
    private static final Set<String> PV_FIELDS = Set.of("name", "toleranceAbs", "toleranceRel", "readOnly");

    private OpsRequests() {
    }

    /**
     * @param pathId the id of the URL (PUT), or null (POST); a body {@code id} must match it
     * @param maxPvs more PVs is 413
     */
    public static ConfigurationInput configuration(JsonNode body, String pathId, int maxPvs) {
        Errors errors = new Errors();
        checkFields(body, CONFIGURATION_FIELDS, "", errors);
        checkId(body, pathId, errors);
        String name = name(body, errors);
        String description = description(body, errors);
        List<ConfigurationPv> pvs = pvs(body.get("pvs"), maxPvs, errors);
        errors.throwIfAny();
        return new ConfigurationInput(name, description, pvs);
    }

    public static TagInput tag(JsonNode body, String pathId) {
        Errors errors = new Errors();
        checkFields(body, TAG_FIELDS, "", errors);
        checkId(body, pathId, errors);
        String name = name(body, errors);
        String description = description(body, errors);
        errors.throwIfAny();
        return new TagInput(name, description);
    }

    /**
     * {@code pvs}: an array of PV names and/or {@code {"name": ...}} objects, or one string of names separated by
     * commas or whitespace (see {@link ConfigurationPvNames}).
     */
    private static List<ConfigurationPv> pvs(JsonNode given, int maxPvs, Errors errors) {
        JsonNode pvs = ConfigurationPvNames.isPasted(given) ? ConfigurationPvNames.split(given.textValue()) : given;
        if (pvs == null || pvs.isNull()) {
            return List.of();
        }
        if (!pvs.isArray()) {
            errors.add("pvs: must be an array of PV names or {\"name\": ...} objects, or one string of names");
            return List.of();
        }
        if (pvs.size() > maxPvs) {
            // 413, not 400: the request is well formed, only larger than this deployment takes
            throw new TooLarge("pvs: " + pvs.size()
                    + " PVs, more than the " + maxPvs + " a configuration may hold (ops.max.pvs.per.configuration)");
        }
        List<ConfigurationPv> result = new ArrayList<>(pvs.size());
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < pvs.size(); i++) {
            ConfigurationPv pv = pv(pvs.get(i), "pvs[" + i + "]", errors);
            if (pv != null) {
                if (!seen.add(pv.name())) {
                    duplicates.add(pv.name());
                }
                result.add(pv);
            }
        }
        if (!duplicates.isEmpty()) {
            errors.add("pvs: duplicate PV names " + String.join(", ", duplicates.stream().limit(MAX_REPORTED).toList()));
        }
        return result;
    }

    private static ConfigurationPv pv(JsonNode pv, String where, Errors errors) {
        if (pv.isTextual()) { // a plain name: no tolerances, writable
            String name = pvName(pv, where, errors);
            return name == null ? null : new ConfigurationPv(name, null, null, false);
        }
        if (!pv.isObject()) {
            errors.add(where + ": must be a PV name or an object {\"name\": ...}");
            return null;
        }
        checkFields(pv, PV_FIELDS, where + ".", errors);
        String name = pvName(pv.get("name"), where + ".name", errors);
        Double absolute = tolerance(pv.get("toleranceAbs"), where + ".toleranceAbs", errors);
        Double relative = tolerance(pv.get("toleranceRel"), where + ".toleranceRel", errors);
        JsonNode readOnly = pv.get("readOnly");
        if (readOnly != null && !readOnly.isNull() && !readOnly.isBoolean()) {
            errors.add(where + ".readOnly: must be true or false");
        }
        return name == null ? null : new ConfigurationPv(name, absolute, relative, readOnly != null && readOnly.asBoolean());
    }

    private static String pvName(JsonNode node, String where, Errors errors) {
        if (node == null || node.isNull()) {
            errors.add(where + ": required");
            return null;
        }
        if (!node.isTextual()) {
            errors.add(where + ": must be a string");
            return null;
        }
        String name = node.textValue();
        if (name.isEmpty() || name.length() > MAX_PV_NAME_LENGTH
                || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c)) || hasUnpairedSurrogate(name)) {
            errors.add(where + ": must be 1 to " + MAX_PV_NAME_LENGTH
                    + " characters without whitespace or control characters (got '" + printable(name) + "')");
            return null;
        }
        return name;
    }

    private static Double tolerance(JsonNode node, String where, Errors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue()) || node.doubleValue() < 0) {
            errors.add(where + ": must be a finite number >= 0 or null (got " + shorten(node.toString()) + ")");
            return null;
        }
        return node.doubleValue();
    }

    private static String name(JsonNode body, Errors errors) {
        JsonNode node = body.get("name");
        if (node == null || node.isNull()) {
            errors.add("name: required");
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            errors.add("name: must be a non-blank string");
            return null;
        }
        String name = node.textValue();
        if (name.length() > MAX_NAME_LENGTH) {
            errors.add("name: at most " + MAX_NAME_LENGTH + " characters (got " + name.length() + ")");
        }
        checkText("name", name, false, errors);
        return name;
    }

    private static String description(JsonNode body, Errors errors) {
        JsonNode node = body.get("description");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add("description: must be a string or null");
            return null;
        }
        String description = node.textValue();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add("description: at most " + MAX_DESCRIPTION_LENGTH + " characters (got " + description.length() + ")");
        }
        checkText("description", description, true, errors);
        return description;
    }

    private static void checkId(JsonNode body, String pathId, Errors errors) {
        JsonNode id = body.get("id");
        if (id == null || id.isNull()) {
            return;
        }
        if (pathId == null) {
            errors.add("id: chosen by the server; leave it out");
        } else if (!id.isTextual() || !id.textValue().equals(pathId)) {
            errors.add("id: must be the id of the URL, " + pathId);
        }
    }

    private static void checkFields(JsonNode object, Set<String> allowed, String prefix, Errors errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field) && !(prefix.isEmpty() && ECHOED.contains(field))) {
                errors.add(prefix + shorten(field) + ": unknown field (allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /**
     * Text that reaches PostgreSQL: a NUL is refused by {@code text} columns, and there the JDBC sink could
     * only send the row to the dead letter topic; other control characters and unpaired surrogates (which
     * UTF-8 cannot encode: they would silently become '?') are refused so what is stored is what was sent.
     * Multi-line fields keep tab, line feed and carriage return.
     */
    private static void checkText(String field, String text, boolean multiLine, Errors errors) {
        boolean control = text.chars().anyMatch(c -> Character.isISOControl(c)
                && !(multiLine && (c == '\t' || c == '\n' || c == '\r')));
        if (control) {
            errors.add(field + ": must not contain control characters such as NUL" + (multiLine
                    ? " (tab and line breaks are fine)" : ""));
        }
        if (hasUnpairedSurrogate(text)) {
            errors.add(field + ": must be valid Unicode (an unpaired UTF-16 surrogate was sent)");
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        return text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    /** For echoing a refused value in a message: control characters and surrogates shown as their code, shortened. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        shorten(text).chars().forEach(c -> {
            if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Problems found so far; thrown together as one 400. */
    private static final class Errors {
        private final List<String> messages = new ArrayList<>();
        private int count;

        void add(String message) {
            count++;
            if (messages.size() < MAX_REPORTED) {
                messages.add(message);
            }
        }

        void throwIfAny() {
            if (count == 0) {
                return;
            }
            String more = count > messages.size() ? "; and " + (count - messages.size()) + " more" : "";
            throw new Invalid(String.join("; ", messages) + more);
        }
    }
}
