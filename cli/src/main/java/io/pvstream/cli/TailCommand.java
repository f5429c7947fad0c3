package io.pvstream.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.pvstream.schemas.catalog.RecordJson;
import io.pvstream.schemas.catalog.SchemaCatalog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pvstream tail}: records of a PV topic as decoded JSON lines, for jq. Reads with no consumer group (it
 * assigns every partition and commits nothing), so tailing never shows up as lag nor moves anyone's offsets.
 */
@Command(name = "tail", description = "Print records of pv.diffs (default) or pv.values as JSON lines.")
final class TailCommand implements Callable<Integer> {

    @ParentCommand
    PvstreamCli root;

    @Option(names = "--topic", defaultValue = "pv.diffs", description = "pv.diffs or pv.values (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--prefix", description = "Only PVs whose name starts with this.")
    String prefix;

    @Option(names = "--from-beginning", description = "Start at the oldest record kept, not at the end.")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many records (default: run until interrupted).")
    Long max;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: $PVSTREAM_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrap;

    @Override
    public Integer call() {
        if (!List.of("pv.diffs", "pv.values").contains(topic)) {
            throw new CliException("--topic is pv.diffs or pv.values, not " + topic, 2);
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap != null ? bootstrap : root.env.getOrDefault("PVSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pvstream-cli-tail-" + UUID.randomUUID());
        RecordJson json = new RecordJson(SchemaCatalog.get());
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (max == null || printed < max) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if ((prefix == null || key.startsWith(prefix)) && (max == null || printed < max)) {
                        root.out.println(json.line(record.topic(), record.partition(), record.offset(),
                                record.timestamp(), record.key(), record.value()));
                        printed++;
                    }
                }
            }
        }
        return 0;
    }
}
