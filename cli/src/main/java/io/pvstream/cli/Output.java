package io.pvstream.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Prints answers: as JSON ({@code --json}, for jq) or as a table of chosen fields (for people). */
final class Output {

    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    void json(JsonNode node) {
        out.println(node.toString());
    }

    /** The document as JSON, or its rows as a table of the given fields (JSON pointers, e.g. {@code /job/state}). */
    void print(JsonNode document, Iterable<JsonNode> rows, String... fields) {
        if (json) {
            json(document);
        } else {
            table(rows, fields);
        }
    }

    void table(Iterable<JsonNode> rows, String... fields) {
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            header[i] = fields[i].substring(fields[i].lastIndexOf('/') + 1).toUpperCase(java.util.Locale.ROOT);
        }
        lines.add(header);
        for (JsonNode row : rows) {
            String[] line = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                line[i] = text(row.at(fields[i].startsWith("/") ? fields[i] : "/" + fields[i]));
            }
            lines.add(line);
        }
        int[] widths = new int[fields.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** A scalar as itself, a container as compact JSON, missing/null as {@code -}. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "-";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    void line(String text) {
        out.println(text);
    }
}
