package io.pvstream.schemas.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every Avro schema of pvstream as it travels in the schemas jar: the current {@code .avsc} files (under
 * {@value #AVSC_DIR}) and the older versions still readable (under {@value #HISTORY_DIR}), each with the
 * CRC-64-AVRO fingerprint that a single-object-encoded record carries in its header.
 *
 * <p>Built from the {@code .avsc} text alone, never from the generated classes, so what it answers is what a
 * consumer without our code would parse.
 */
public final class SchemaCatalog {

    public static final String AVSC_DIR = "/io/pvstream/schemas/avsc/";
    public static final String HISTORY_DIR = "/io/pvstream/schemas/history/";

    /**
     * One schema version.
     *
     * @param file    the resource it was parsed from ({@code PvValue.avsc}, {@code PvState.v1.avsc})
     * @param current true for the version the platform writes now
     */
    public record Entry(String file, Schema schema, long fingerprint, boolean current) {

        /** The fingerprint in the form the API takes: 16 lower-case hex digits of the unsigned 64-bit value. */
        public String fingerprintHex() {
            return hex(fingerprint);
        }

        /** The record's (or enum's) simple name, e.g. {@code PvValue}. */
        public String name() {
            return schema.getName();
        }
    }

    private static final class Holder {
        static final SchemaCatalog INSTANCE = new SchemaCatalog();
    }

    private final List<Entry> current;
    private final List<Entry> history;
    private final Map<Long, Entry> byFingerprint = new LinkedHashMap<>();

    private SchemaCatalog() {
        this.current = parseCurrent();
        this.history = parseHistory();
        history.forEach(entry -> byFingerprint.put(entry.fingerprint(), entry));
        current.forEach(entry -> byFingerprint.put(entry.fingerprint(), entry)); // current wins a tie
    }

    /** The catalog of this jar (parsed once). */
    public static SchemaCatalog get() {
        return Holder.INSTANCE;
    }

    /** The fingerprint of a single-object header: CRC-64-AVRO of the schema's Parsing Canonical Form. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public static String hex(long fingerprint) {
        return String.format(Locale.ROOT, "%016x", fingerprint);
    }

    /** The fingerprint of 16 hex digits (either case), or empty when it is not one. */
    public static OptionalLong parseHex(String text) {
        if (text == null || !text.matches("[0-9a-fA-F]{16}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseUnsignedLong(text, 16));
    }

    /** The current version of every schema file, in parse order. */
    public List<Entry> current() {
        return current;
    }

    /** The older versions listed in the history index. */
    public List<Entry> history() {
        return history;
    }

    /** The current version of a named schema ({@code PvValue}). */
    public Optional<Entry> current(String name) {
        return current.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /**
     * The current version of a named type, also one defined inside another file (as {@code PvDiffState} is in
     * {@code PvDiff.avsc}).
     */
    public Optional<Schema> currentType(String fullName) {
        for (Entry entry : current) {
            Optional<Schema> found = find(entry.schema(), fullName, new java.util.HashSet<>());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Schema> find(Schema schema, String fullName, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (schema.getFullName().equals(fullName)) {
                    return Optional.of(schema);
                }
                if (schema.getType() != Schema.Type.RECORD || !seen.add(schema.getFullName())) {
                    return Optional.empty();
                }
                for (Schema.Field field : schema.getFields()) {
                    Optional<Schema> found = find(field.schema(), fullName, seen);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            case ARRAY -> {
                return find(schema.getElementType(), fullName, seen);
            }
            case MAP -> {
                return find(schema.getValueType(), fullName, seen);
            }
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    Optional<Schema> found = find(branch, fullName, seen);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The older versions of a named schema, oldest first. */
    public List<Entry> historyOf(String name) {
        return history.stream().filter(entry -> entry.name().equals(name)).toList();
    }

    /** The version a record's header names, current or historic. */
    public Optional<Entry> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    private static List<Entry> parseCurrent() {
        // one parser for all: a file may use the named types of the files before it
        Schema.Parser parser = new Schema.Parser();
        List<Entry> entries = new ArrayList<>();
        for (String file : index(AVSC_DIR + "index.txt")) {
            Schema schema = parse(parser, AVSC_DIR + file);
            entries.add(new Entry(file, schema, fingerprint(schema), true));
        }
        return Collections.unmodifiableList(entries);
    }

    private static List<Entry> parseHistory() {
        List<Entry> entries = new ArrayList<>();
        for (String file : index(HISTORY_DIR + "index.txt")) {
            // history files are self-contained (named types inlined): each gets its own parser
            Schema schema = parse(new Schema.Parser(), HISTORY_DIR + file);
            entries.add(new Entry(file, schema, fingerprint(schema), false));
        }
        return Collections.unmodifiableList(entries);
    }

    /** The file names of an index resource: one a line, {@code #} comments and blank lines skipped. */
    static List<String> index(String resource) {
        return Resources.lines(resource).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0])
                .toList();
    }

    private static Schema parse(Schema.Parser parser, String resource) {
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema index lists " + resource + " but the jar lacks it");
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reading text resources of this jar. */
    static final class Resources {

        private Resources() {
        }

        static List<String> lines(String resource) {
            try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.of();
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
