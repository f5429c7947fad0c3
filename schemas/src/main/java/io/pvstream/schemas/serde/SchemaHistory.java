package io.pvstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Older versions of our record schemas, so data written before a schema change stays readable.
 *
 * <p>When a record's schema changes (compatibly: add fields with defaults, never rename), copy the
 * previous {@code .avsc} to {@code src/main/resources/io/pvstream/schemas/history/<Record>.v<N>.avsc}
 * with all named types it uses inlined, and list it in {@code history/index.txt}. The serde then
 * recognises its fingerprint and resolves it against the current reader schema.
 */
final class SchemaHistory {

    private static final String DIR = "/io/pvstream/schemas/history/";

    private SchemaHistory() {
    }

    static List<Schema> olderSchemasOf(Class<?> type) {
        List<Schema> schemas = new ArrayList<>();
        for (String file : index()) {
            if (file.startsWith(type.getSimpleName() + ".v")) {
                schemas.add(parse(file));
            }
        }
        return schemas;
    }

    private static List<String> index() {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(String file) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("schema history lists " + file + " but it is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
