package io.pvstream.query.pvconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.pvstream.query.pvconfig.ImportBatch.LineError;
import io.pvstream.query.pvconfig.PvSpecRules.InvalidSpec;

/**
 * Specs as CSV, one PV a line: {@code name,deadband,archiveDeadband,monitorMask,readbackPv,tags,protocol}. Lists
 * (monitorMask, tags) are separated by {@code |}; an empty field is unset (the default mask, no deadband, the
 * protocol the name implies). Protocol is last so files written before it had a column still read alike.
 * A header line naming the columns is optional (without one, the columns are in the order above, so a plain
 * list of PV names imports as is); blank lines and lines starting with {@code #} are skipped; fields may be
 * quoted with {@code "} (a quote inside doubled).
 */
final class PvSpecCsv {

    static final List<String> COLUMNS = List.of("name", "deadband", "archiveDeadband", "monitorMask", "readbackPv",
            "tags", "protocol");
    private static final Map<String, String> BY_LOWER_CASE = Map.of("name", "name", "deadband", "deadband",
            "archivedeadband", "archiveDeadband", "monitormask", "monitorMask", "readbackpv", "readbackPv",
            "tags", "tags", "protocol", "protocol");

    /** One line of RFC 4180 CSV; spaces around a field are dropped (the values are stripped anyway). */
    private static final CSVFormat LINE = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();

    private PvSpecCsv() {
    }

    /** @throws InvalidSpec when the text as a whole is not spec CSV (a header with an unknown column) */
    static ImportBatch parse(String text) {
        List<PvSpec> specs = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        List<String> columns = COLUMNS;
        boolean headerAllowed = true;
        int lineNumber = 0;
        int dataLines = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = fields(line);
            } catch (InvalidSpec e) {
                dataLines++;
                errors.add(new LineError(lineNumber, null, e.getMessage()));
                continue;
            }
            if (headerAllowed && fields.get(0).strip().equalsIgnoreCase("name")) {
                columns = header(fields);
                headerAllowed = false;
                continue;
            }
            headerAllowed = false;
            dataLines++;
            String name = fields.get(0).strip();
            try {
                specs.add(spec(columns, fields));
            } catch (InvalidSpec e) {
                errors.add(new LineError(lineNumber, name.isEmpty() ? null : name, e.getMessage()));
            }
        }
        return new ImportBatch(specs, errors, dataLines);
    }

    private static List<String> header(List<String> fields) {
        List<String> columns = new ArrayList<>();
        for (String field : fields) {
            String column = BY_LOWER_CASE.get(field.strip().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new InvalidSpec("unknown CSV column '" + PvSpecRules.printable(field.strip()) + "' (columns: "
                        + String.join(",", COLUMNS) + ")");
            }
            columns.add(column);
        }
        return columns;
    }

    private static PvSpec spec(List<String> columns, List<String> fields) {
        if (fields.size() > columns.size()) {
            throw new InvalidSpec(fields.size() + " fields, but " + columns.size() + " columns ("
                    + String.join(",", columns) + ")");
        }
        String name = null;
        Double deadband = null;
        Double archiveDeadband = null;
        List<String> mask = null;
        String readback = null;
        List<String> tags = null;
        String protocol = null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String value = fields.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (columns.get(i)) {
                case "name" -> name = value;
                case "deadband" -> deadband = number("deadband", value, problems);
                case "archiveDeadband" -> archiveDeadband = number("archiveDeadband", value, problems);
                case "monitorMask" -> mask = split(value);
                case "readbackPv" -> readback = value;
                case "tags" -> tags = split(value);
                case "protocol" -> protocol = value;
                default -> throw new IllegalStateException(columns.get(i));
            }
        }
        return PvSpecRules.validated(problems, name, deadband, archiveDeadband, mask, readback, tags, protocol);
    }

    private static Double number(String field, String value, List<String> problems) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            problems.add(field + ": not a number: '" + PvSpecRules.printable(value) + "'");
            return null;
        }
    }

    /** {@code "VALUE|ALARM"} → [VALUE, ALARM]; empty parts are dropped. */
    static List<String> split(String list) {
        return Arrays.stream(list.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The fields of one line (commons-csv, RFC 4180): quoted fields may hold commas and doubled quotes. */
    static List<String> fields(String line) {
        try (CSVParser parser = CSVParser.parse(line, LINE)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of("") : records.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            throw new InvalidSpec(why.contains("EOF") ? "unterminated quote" : "bad quoting: " + why);
        }
    }

    /** The header line. */
    static String header() {
        return String.join(",", COLUMNS) + "\n";
    }

    /** One spec as a CSV line (with its newline), readable by {@link #parse}. */
    static String line(PvSpec spec) {
        return LINE.format(spec.name(),
                spec.deadband() == null ? "" : spec.deadband().toString(),
                spec.archiveDeadband() == null ? "" : spec.archiveDeadband().toString(),
                String.join("|", spec.monitorMask()),
                spec.readbackPv() == null ? "" : spec.readbackPv(),
                String.join("|", spec.tags()),
                spec.protocol()) + "\n";
    }
}
