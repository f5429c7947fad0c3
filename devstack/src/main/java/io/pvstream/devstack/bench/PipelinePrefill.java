package io.pvstream.devstack.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;

/**
 * Fills the PV topics as a running ingest would have: pv.config, pv.meta and pv.connections once per PV, then
 * {@code updates} pv.values records spread round-robin over the PVs. Every value differs from the PV's previous
 * one by more than any deadband (deadband 0.5, steps of 1.0), so every update is a diff and an archive sample:
 * the heaviest case for the Streams app. One alarm change in 50 updates. The producer settings are the ingest's
 * (lz4, linger), so the consumers read what they would read in production.
 */
final class PipelinePrefill {

    static final String PREFIX = "BENCH:PIPE:";

    private PipelinePrefill() {
    }

    static String name(int pv) {
        return PREFIX + String.format("%05d", pv);
    }

    /** @return the time the pre-fill took, s */
    static double fill(String bootstrap, int pvs, long updates) {
        long start = System.nanoTime();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                (Serializer<byte[]>) (topic, data) -> data)) {
            for (int pv = 0; pv < pvs; pv++) {
                String name = name(pv);
                send(producer, Topics.PV_CONFIG, name, Serdes.PV_CONFIG.serialize(null, PvConfig.newBuilder()
                        .setName(name).setDeadband(0.5).setMonitorMask(List.of(MonitorEvent.VALUE, MonitorEvent.ALARM))
                        .setTags(List.of("bench")).build()));
                send(producer, Topics.PV_META, name, Serdes.PV_META.serialize(null, PvMeta.newBuilder().setName(name)
                        .setType(DbrType.DOUBLE).setCount(1).setUnits("mA").setPrecision(3).setDisplayLow(0.0)
                        .setDisplayHigh(100.0).setAlarmLoLo(1.0).setAlarmLow(5.0).setAlarmHigh(90.0)
                        .setAlarmHiHi(95.0).setControlLow(0.0).setControlHigh(100.0).setWriteAccess(true).build()));
                send(producer, Topics.PV_CONNECTIONS, name, Serdes.PV_CONNECTION.serialize(null, PvConnection
                        .newBuilder().setName(name).setConnected(true).setServer("127.0.0.1:5064").setSinceNs(nowNs)
                        .setInstance("bench-ingest").build()));
            }
            producer.flush(); // metadata and config first, as after a start-up of the ingest
            PvValue.Builder value = PvValue.newBuilder().setStatus(AlarmStatus.NO_ALARM);
            for (long i = 0; i < updates; i++) {
                int pv = (int) (i % pvs);
                long round = i / pvs;
                boolean alarm = i % 50 == 0;
                String name = name(pv);
                byte[] bytes = Serdes.PV_VALUE.serialize(null, value.setName(name).setValue((double) round)
                        .setTimestampNs(nowNs + i * 1_000L).setSeverity(alarm ? Severity.MINOR : Severity.NO_ALARM)
                        .setStatus(alarm ? AlarmStatus.HIGH : AlarmStatus.NO_ALARM).build());
                send(producer, Topics.PV_VALUES, name, bytes);
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                throw new IllegalStateException("pre-fill of " + topic + " failed", error);
            }
        });
    }
}
