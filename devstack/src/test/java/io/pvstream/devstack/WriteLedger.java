package io.pvstream.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.pvstream.records.keys.AuditRecords;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.serde.Serdes;

/**
 * What the routes write, counted before and after a run of bad requests: the end offsets of every topic a route
 * writes and the rows of every operations table. The audit trail is the one thing a refused write adds by design (who
 * tried what, with the 4xx it got): {@code security.audit}, its {@code ops.tx} transactions and the {@code audit}
 * table are left out, and every other transaction that reached {@code ops.tx} is reported.
 */
final class WriteLedger {

    /** The topics a request can make the API write (everything else is written by the pipeline behind it). */
    static final List<String> TOPICS = List.of(Topics.PV_CONFIG, Topics.PV_WRITES, Topics.PV_WRITE_RESULTS,
            Topics.RESTORE_JOBS, Topics.SECURITY_KEYS, Topics.OPS_TX);

    record Mark(Map<TopicPartition, Long> ends, Map<String, Long> rows) {
    }

    private final Map<String, Object> kafka;
    private final String jdbcUrl;

    WriteLedger(Map<String, Object> kafka, String jdbcUrl) {
        this.kafka = kafka;
        this.jdbcUrl = jdbcUrl;
    }

    Mark mark() throws Exception {
        return new Mark(endOffsets(), rows());
    }

    /** What was written since {@code before}, one line per topic, transaction or table; empty if nothing. */
    List<String> writtenSince(Mark before) throws Exception {
        Mark after = mark();
        List<String> written = new ArrayList<>();
        Map<String, Long> added = new TreeMap<>();
        after.ends().forEach((tp, end) -> {
            long grown = end - before.ends().getOrDefault(tp, 0L);
            if (grown > 0 && !tp.topic().equals(Topics.OPS_TX)) {
                added.merge(tp.topic(), grown, Long::sum);
            }
        });
        added.forEach((topic, count) -> written.add(topic + ": " + count + " records"));
        for (OpsTransaction tx : opsTransactions(before.ends(), after.ends())) {
            if (!tx.getEntityType().equals(AuditRecords.AUDIT_ENTITY)) {
                written.add("ops.tx: " + tx.getOperation() + " " + tx.getEntityType() + " " + tx.getEntityId() + " "
                        + HostileRequests.abbreviate(tx.getEntityJson()));
            }
        }
        after.rows().forEach((table, count) -> {
            if (!count.equals(before.rows().get(table))) {
                written.add("table " + table + ": " + before.rows().get(table) + " -> " + count + " rows");
            }
        });
        return written;
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(TOPICS).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    private List<OpsTransaction> opsTransactions(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<OpsTransaction> read = new ArrayList<>();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = to.keySet().stream().filter(tp -> tp.topic().equals(Topics.OPS_TX))
                    .toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        read.add(Serdes.OPS_TRANSACTION.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return read;
    }

    /** Rows of every operations table but the audit trail and the archive (IOC data, not request data). */
    private Map<String, Long> rows() throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'audit' "
                    + "AND table_name NOT LIKE 'pv_archive%' AND table_name NOT LIKE 'flyway%'")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
        }
        return rows;
    }
}
