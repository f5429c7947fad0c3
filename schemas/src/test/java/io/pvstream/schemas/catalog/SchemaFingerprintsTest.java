package io.pvstream.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Fails when a schema changes and nobody noticed: {@code fingerprints.txt} holds the fingerprint of every
 * current schema as committed. When one differs, the previous version must be in the history (so the serdes
 * still read data written with it, and {@link SchemaEvolutionTest} judges the change); then regenerate the list:
 * <pre>
 * mvn -B -q -pl schemas test -Dtest=SchemaFingerprintsTest -Dpvstream.fingerprints.write=true
 * </pre>
 * (the failure message also prints the new list).
 */
class SchemaFingerprintsTest {

    static final Path COMMITTED = Path.of("src/test/resources/io/pvstream/schemas/catalog/fingerprints.txt");

    @Test
    void everySchemaMatchesItsCommittedFingerprint() throws Exception {
        SchemaCatalog catalog = SchemaCatalog.get();
        String now = render(catalog);
        if (Boolean.getBoolean("pvstream.fingerprints.write")) {
            Files.writeString(COMMITTED, now);
        }
        Map<String, Long> committed = parse(Files.readString(COMMITTED));
        List<String> problems = new ArrayList<>();
        for (SchemaCatalog.Entry entry : catalog.current()) {
            Long before = committed.get(entry.file());
            if (before == null) {
                problems.add(entry.file() + " is new: add it to the list");
            } else if (before != entry.fingerprint()) {
                boolean inHistory = catalog.history().stream().anyMatch(old -> old.fingerprint() == before);
                problems.add(entry.file() + " changed (" + SchemaCatalog.hex(before) + " -> " + entry.fingerprintHex()
                        + "): " + (inHistory ? "its previous version is in the history; regenerate the list"
                        : "copy its previous version (named types inlined) to history/" + entry.name()
                        + ".v<N>.avsc, list it in history/index.txt, then regenerate the list"));
            }
        }
        committed.keySet().stream().filter(file -> catalog.current().stream().noneMatch(e -> e.file().equals(file)))
                .forEach(file -> problems.add(file + " is gone: a topic or store may still hold its data"));
        assertThat(problems).as("schema fingerprints (regenerate: -Dpvstream.fingerprints.write=true); now:\n" + now)
                .isEmpty();
    }

    @Test
    void everyHistoricVersionDiffersFromTheCurrentOne() {
        SchemaCatalog catalog = SchemaCatalog.get();
        for (SchemaCatalog.Entry old : catalog.history()) {
            assertThat(catalog.byFingerprint(old.fingerprint())).as(old.file() + " is the current version").contains(old);
        }
    }

    static String render(SchemaCatalog catalog) {
        StringBuilder out = new StringBuilder("# CRC-64-AVRO fingerprint of every current schema (SchemaFingerprintsTest).\n");
        catalog.current().forEach(entry -> out.append(entry.file()).append(' ').append(entry.fingerprintHex()).append('\n'));
        return out.toString();
    }

    private static Map<String, Long> parse(String text) {
        Map<String, Long> map = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
            String[] parts = line.split("\\s+");
            map.put(parts[0], SchemaCatalog.parseHex(parts[1]).orElseThrow());
        });
        return map;
    }
}
