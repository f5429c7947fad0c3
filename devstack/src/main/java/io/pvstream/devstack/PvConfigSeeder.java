package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        seedConfigs(kafkaClientProps, pvNames.stream().map(name -> PvConfig.newBuilder().setName(name).build()).toList());
    }

    /** Publishes these specs (e.g. of pvAccess PVs, {@code PvConfig.protocol}) and waits until Kafka has them all. */
    public static void seedConfigs(Map<String, Object> kafkaClientProps, Collection<PvConfig> configs) {
        Map<String, Object> props = new HashMap<>(kafkaClientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // One request in flight: the seeder runs right after the topics are created, when a first produce request
        // can fail with NOT_LEADER_OR_FOLLOWER while a second one to the same partition is appended; the first one's
        // retries then fail with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms drops its records
        // (KAFKA-15591, fixed after Kafka 4.1). In order, nothing can overtake a retry.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), Serdes.PV_CONFIG.serializer())) {
            for (PvConfig config : configs) {
                sent.add(producer.send(new ProducerRecord<>(Topics.PV_CONFIG, config.getName(), config)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get(); // flush() waits, but does not tell whether a record was dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding pv.config", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot seed pv.config: " + e.getCause(), e.getCause());
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
