package io.pvstream.records.catalog;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The pasted form of a configuration's {@code pvs}: one string of PV names, as operators copy them from a PV file,
 * a spreadsheet column or a CSV line ({@code "SIM:A\nSIM:B"}, {@code "SIM:A, SIM:B"}). Names are separated by commas
 * and whitespace (neither can be part of an EPICS name); a name in double quotes, as a CSV export writes it, loses
 * its quotes. The result is the array form, so every name is validated exactly as in {@code "pvs":["SIM:A"]}.
 */
final class ConfigurationPvNames {

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private ConfigurationPvNames() {
    }

    /** The names of {@code pasted} as a JSON array of strings, in order; empty for a blank string. */
    static ArrayNode split(String pasted) {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        for (String token : SEPARATORS.split(pasted.strip())) {
            String name = unquoted(token);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** True if {@code pvs} is the pasted form. */
    static boolean isPasted(JsonNode pvs) {
        return pvs != null && pvs.isTextual();
    }

    private static String unquoted(String token) {
        return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")
                ? token.substring(1, token.length() - 1) : token;
    }
}
