package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.simioc.SimulatedIoc;

/**
 * A consumer outside pvstream reads our topics: a plain {@code KafkaConsumer<String, byte[]>} and Avro's generic
 * reader, with the writer schema from {@code GET /api/v1/schemas/{fingerprint}} or from the .avsc files of the
 * schemas jar, and none of our serdes; and Kafka's own console consumer prints JSON lines with our formatter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToolsEndToEndTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ioc;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(3).updateRateHz(1).setpointCount(0));
        platform.startServices(1, Map.of());
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void aPlainConsumerDecodesValuesAndDiffsWithTheSchemaTheApiServes() {
        ioc.set("SIM:DOUBLE", 42.5);
        GenericRecord value = awaitRecord("pv.values", "SIM:DOUBLE", this::schemaFromApi,
                record -> Double.valueOf(42.5).equals(record.get("value")));
        assertThat(value.get("name").toString()).isEqualTo("SIM:DOUBLE");
        assertThat(value.get("severity").toString()).isNotEmpty();

        GenericRecord diff = awaitRecord("pv.diffs", "SIM:DOUBLE", this::schemaFromApi,
                record -> Double.valueOf(42.5).equals(currentValue(record)));
        assertThat(diff.get("changes").toString()).contains("VALUE");
    }

    @Test
    void aPlainConsumerDecodesValuesWithTheSchemasOfTheJar() throws IOException {
        Map<Long, Schema> fromJar = schemasOfTheJar();
        assertThat(fromJar).hasSizeGreaterThan(20);
        ioc.set("SIM:DOUBLE", -3.25);
        GenericRecord value = awaitRecord("pv.values", "SIM:DOUBLE", fp -> Optional.ofNullable(fromJar.get(fp)),
                record -> Double.valueOf(-3.25).equals(record.get("value")));
        assertThat(value.getSchema().getName()).isEqualTo("PvValue");
        GenericRecord diff = awaitRecord("pv.diffs", "SIM:DOUBLE", fp -> Optional.ofNullable(fromJar.get(fp)),
                record -> Double.valueOf(-3.25).equals(currentValue(record)));
        assertThat(diff.getSchema().getName()).isEqualTo("PvDiff");
    }

    @Test
    void kafkasConsoleConsumerPrintsJsonLinesWithOurFormatter() throws Exception {
        ioc.set("SIM:DOUBLE", 7.5);
        List<JsonNode> lines = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            lines.clear();
            for (String line : consoleConsumer("pv.values", 200)) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("key").asText()).isEqualTo("SIM:DOUBLE");
                assertThat(line.at("/value/value").asDouble()).isEqualTo(7.5);
            });
        });
        for (JsonNode line : lines) {
            assertThat(line.path("topic").asText()).isEqualTo("pv.values");
            assertThat(line.path("partition").isInt()).isTrue();
            assertThat(line.path("offset").isIntegralNumber()).isTrue();
            assertThat(line.at("/value/name").asText()).as("value of %s", line).isEqualTo(line.path("key").asText());
        }
    }

    /** {@code current.value.value} of a PvDiff; null for a diff without a value (a connection change). */
    private static Object currentValue(GenericRecord diff) {
        GenericRecord value = (GenericRecord) ((GenericRecord) diff.get("current")).get("value");
        return value == null ? null : value.get("value");
    }

    /** Runs kafka-console-consumer in this JVM; what it prints to stdout, line by line. */
    private List<String> consoleConsumer(String topic, int maxMessages) throws IOException {
        ConsoleConsumerOptions options = new ConsoleConsumerOptions(new String[] {
                "--bootstrap-server", platform.bootstrapServers(), "--topic", topic, "--from-beginning",
                "--max-messages", Integer.toString(maxMessages), "--timeout-ms", "5000",
                "--formatter", "io.pvstream.schemas.catalog.JsonMessageFormatter"});
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsoleConsumer.run(options);
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("{")).toList();
    }

    /** Reads the topic from the start until a record of {@code key} decodes to one that passes. */
    private GenericRecord awaitRecord(String topic, String key,
                                      java.util.function.LongFunction<Optional<Schema>> schemas,
                                      Predicate<GenericRecord> wanted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            GenericRecord[] found = new GenericRecord[1];
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && record.value() != null) {
                        GenericRecord decoded = decode(record.value(), schemas);
                        if (wanted.test(decoded)) {
                            found[0] = decoded;
                        }
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    /** Avro single-object encoding, as the README tells any consumer: C3 01, 8-byte LE fingerprint, body. */
    private static GenericRecord decode(byte[] bytes, java.util.function.LongFunction<Optional<Schema>> schemas)
            throws IOException {
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFFL);
        }
        Schema writer = schemas.apply(fingerprint).orElseThrow();
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));
    }

    private Optional<Schema> schemaFromApi(long fingerprint) {
        HttpJson.Response response = http.get(platform.api(0).port(),
                "/api/v1/schemas/" + String.format("%016x", fingerprint));
        assertThat(response.status()).as("schema %016x: %s", fingerprint, response.body()).isEqualTo(200);
        return Optional.of(new Schema.Parser().parse(response.body().toString()));
    }

    /** What a Java consumer with only the schemas jar does: parse its .avsc files in the order of the index. */
    private static Map<Long, Schema> schemasOfTheJar() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<Long, Schema> byFingerprint = new HashMap<>();
        for (String line : resource("index.txt").lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Schema schema = parser.parse(resource(line.strip()));
                byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), schema);
            }
        }
        return byFingerprint;
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = KafkaToolsEndToEndTest.class.getResourceAsStream("/io/pvstream/schemas/avsc/" + file)) {
            assertThat(in).as(file + " in the schemas jar").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
