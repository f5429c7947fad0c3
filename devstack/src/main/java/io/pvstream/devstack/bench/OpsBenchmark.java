package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.pvstream.devstack.DevConfig;
import io.pvstream.devstack.DevPlatform;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.serde.Serdes;

/**
 * {@code ./pvstream bench ops}: operations-records write path at a steady load, on the whole local
 * platform (broker, PostgreSQL primary + replica, Connect worker, query API).
 * Reports write acknowledgement latency (HTTP POST → 201) and buffered → confirmed latency
 * (API accepted → replica replayed past the transaction's commit LSN, from {@code ops.tx.confirmed}).
 *
 * <p>Options: {@code --rate 50} (writes/s), {@code --seconds 30}.
 */
public final class OpsBenchmark {

    private OpsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench ops", Map.of(
                "rate", "50", "seconds", "30"), args);
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("seconds"));
        Path dir = BenchDirs.temporary("pvstream-bench-ops");
        DevConfig config = DevConfig.load(Map.of(), List.of("--no-sim", "--http-port", "0", "--broker-port", "0",
                "--data-dir", dir.toString()));
        try (DevPlatform platform = DevPlatform.start(config, Map.of());
             KafkaConsumer<String, OpsConfirmation> confirmations = confirmationConsumer(platform.bootstrapServers())) {
            run(platform.httpPort(), platform.adminKey(), confirmations, rate, seconds);
        }
        System.exit(0);
    }

    private static void run(int port, String adminKey, KafkaConsumer<String, OpsConfirmation> confirmations,
                            int rate, int seconds)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        IngestBenchmark.LatencySample ack = new IngestBenchmark.LatencySample(rate * seconds + 10);
        IngestBenchmark.LatencySample confirmed = new IngestBenchmark.LatencySample(rate * seconds + 10);
        int writes = rate * seconds;
        long periodNs = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int failures = 0;
        for (int i = 0; i < writes; i++) {
            long due = start + i * periodNs;
            while (System.nanoTime() < due) {
                drain(confirmations, confirmed, Duration.ZERO);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tags"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminKey) // writes need a key (security is on in dev too)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i + "\",\"description\":\"load\"}"))
                    .build();
            long sent = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ack.add(System.nanoTime() - sent);
            if (response.statusCode() != 201) {
                failures++;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (confirmed.count() < writes - failures && System.nanoTime() < deadline) {
            drain(confirmations, confirmed, Duration.ofMillis(200));
        }
        System.out.printf("ops writes: %,d at %d/s (%d not 201)%n", writes, rate, failures);
        System.out.printf("  write acknowledgement (POST → 201): p50 %.1f ms, p99 %.1f ms%n",
                ack.percentileMs(50), ack.percentileMs(99));
        System.out.printf("  buffered → confirmed by replica (REPLICATED): p50 %.1f ms, p99 %.1f ms (n=%,d)%n",
                confirmed.percentileMs(50), confirmed.percentileMs(99), confirmed.count());
    }

    private static void drain(KafkaConsumer<String, OpsConfirmation> consumer, IngestBenchmark.LatencySample sample,
                              Duration timeout) {
        for (ConsumerRecord<String, OpsConfirmation> record : consumer.poll(timeout)) {
            OpsConfirmation c = record.value();
            if (c != null && c.getOutcome() == ConfirmOutcome.REPLICATED) {
                sample.add(c.getAtNs() - c.getBufferedNs());
            }
        }
    }

    private static KafkaConsumer<String, OpsConfirmation> confirmationConsumer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, OpsConfirmation> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), Serdes.OPS_CONFIRMATION.deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.OPS_TX_CONFIRMED).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
