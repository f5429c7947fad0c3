package io.pvstream.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;

/** The .avsc files travel in the jar, parse without our classes, and name the schemas our serdes write. */
class SchemaCatalogTest {

    private final SchemaCatalog catalog = SchemaCatalog.get();

    @Test
    void everyAvscFileIsPackagedAndIndexed() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            assertThat(catalog.current()).extracting(SchemaCatalog.Entry::file)
                    .as("every .avsc of src/main/avro is in avsc/index.txt (after the types it uses)")
                    .containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void theHeaderOfWhatOurSerdeWritesNamesTheCatalogsSchema() {
        PvValue value = PvValue.newBuilder().setName("SIM:A").setTimestampNs(5L).setValue(1.5)
                .setSeverity(Severity.MINOR).setStatus(AlarmStatus.HIGH).build();
        byte[] bytes = Serdes.PV_VALUE.serialize("pv.values", value);

        long fingerprint = SingleObjectRecords.fingerprintOf(bytes).orElseThrow();
        SchemaCatalog.Entry entry = catalog.byFingerprint(fingerprint).orElseThrow();
        assertThat(entry.name()).isEqualTo("PvValue");
        assertThat(entry.current()).isTrue();
        assertThat(entry.fingerprint()).isEqualTo(SchemaCatalog.fingerprint(PvValue.getClassSchema()));
        assertThat(AvroJson.toJson(SingleObjectRecords.decode(bytes, entry.schema())))
                .isEqualTo("{\"name\":\"SIM:A\",\"timestampNs\":5,\"value\":1.5,\"severity\":\"MINOR\",\"status\":\"HIGH\"}");
    }

    @Test
    void historicVersionsAreFoundByTheirFingerprint() {
        assertThat(catalog.history()).isNotEmpty();
        for (SchemaCatalog.Entry old : catalog.history()) {
            assertThat(catalog.byFingerprint(old.fingerprint())).as(old.file()).contains(old);
            assertThat(catalog.currentType(old.schema().getFullName())).as("current version of " + old.file()).isPresent();
        }
    }

    @Test
    void fingerprintsAreSixteenHexDigits() {
        long fingerprint = catalog.current("PvDiff").orElseThrow().fingerprint();
        String hex = SchemaCatalog.hex(fingerprint);
        assertThat(hex).hasSize(16);
        assertThat(SchemaCatalog.parseHex(hex)).hasValue(fingerprint);
        assertThat(SchemaCatalog.parseHex(hex.toUpperCase())).hasValue(fingerprint);
        assertThat(SchemaCatalog.parseHex("xyz")).isEmpty();
        assertThat(SchemaCatalog.parseHex(hex + "0")).isEmpty();
        assertThat(SingleObjectRecords.fingerprintOf(new byte[] {1, 2, 3})).isEmpty();
        assertThat(SingleObjectRecords.fingerprintOf(null)).isEmpty();
    }
}
