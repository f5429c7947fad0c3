package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.serde.Serdes;

/** Puts PV names into the desired set ({@code pv.config}) with the default monitoring spec. */
public final class PvConfigSeeder {

    private PvConfigSeeder() {
    }

    /** Publishes a default {@link PvConfig} per name and waits until Kafka has them all. */
    public static void seed(Map<String, Object> kafkaClientProps, Collection<String> pvNames) {
        Map<String, Object> props = new HashMap<>(kafkaClientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), Serdes.PV_CONFIG.serializer())) {
            for (String name : pvNames) {
                producer.send(new ProducerRecord<>(Topics.PV_CONFIG, name, PvConfig.newBuilder().setName(name).build()));
            }
            producer.flush();
        }
    }

    /** PV names from a file: one per line, blank lines and {@code #} comments ignored. */
    public static List<String> readPvFile(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PV file " + file, e);
        }
    }
}
