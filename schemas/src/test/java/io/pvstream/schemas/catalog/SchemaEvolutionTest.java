package io.pvstream.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema against each of its historic versions, with Avro's own resolution rules: the current reader reads
 * old data (always: a record in a compacted topic or a changelog outlives any upgrade), and an old reader reads
 * new data (the README promises it: schemas only gain fields with defaults), unless the history lists the version
 * in {@code history/backward-only.txt} with the reason.
 */
class SchemaEvolutionTest {

    private final SchemaCatalog catalog = SchemaCatalog.get();

    @Test
    void theCurrentReaderReadsEveryOlderVersion() {
        List<String> broken = new ArrayList<>();
        for (SchemaCatalog.Entry old : catalog.history()) {
            Schema current = current(old);
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old.schema()).getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                broken.add(old.file() + ": " + result.getIncompatibilities());
            }
        }
        assertThat(broken).as("new readers that cannot read old data").isEmpty();
    }

    @Test
    void oldReadersReadTheCurrentVersionUnlessExcepted() {
        Map<String, String> backwardOnly = backwardOnly();
        List<String> broken = new ArrayList<>();
        for (SchemaCatalog.Entry old : catalog.history()) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), current(old)).getResult();
            boolean compatible = result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE;
            if (!compatible && !backwardOnly.containsKey(old.file())) {
                broken.add(old.file() + " cannot read the current version: " + result.getIncompatibilities());
            }
            if (compatible && backwardOnly.containsKey(old.file())) {
                broken.add(old.file() + " is listed in backward-only.txt but reads the current version: unlist it");
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyExceptionNamesAHistoricVersionAndAReason() {
        backwardOnly().forEach((file, reason) -> {
            assertThat(catalog.history()).extracting(SchemaCatalog.Entry::file).as("backward-only.txt").contains(file);
            assertThat(reason).as("reason for " + file).isNotBlank();
        });
    }

    private Schema current(SchemaCatalog.Entry old) {
        return catalog.currentType(old.schema().getFullName()).orElseThrow(
                () -> new AssertionError(old.file() + " has no current version"));
    }

    /** {@code file reason...} lines. */
    private static Map<String, String> backwardOnly() {
        return SchemaCatalog.Resources.lines(SchemaCatalog.HISTORY_DIR + "backward-only.txt").stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+", 2))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts.length > 1 ? parts[1] : ""));
    }
}
