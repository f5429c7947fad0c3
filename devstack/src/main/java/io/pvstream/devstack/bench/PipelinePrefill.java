package io.pvstream.devstack.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * {@code updates} pv.values records spread round-robin over the PVs ({@link Updates}). The producer settings are the
 * ingest's (lz4, linger), so the consumers read what they would read in production.
 */
final class PipelinePrefill {

    static final String PREFIX = "BENCH:PIPE:";

    private PipelinePrefill() {
    }

    static String name(int pv) {
        return PREFIX + String.format("%05d", pv);
    }

    static byte[] config(String name) {
        return Serdes.PV_CONFIG.serialize(null, PvConfig.newBuilder().setName(name).setDeadband(0.5)
                .setMonitorMask(List.of(MonitorEvent.VALUE, MonitorEvent.ALARM)).setTags(List.of("bench")).build());
    }

    static byte[] meta(String name) {
        return Serdes.PV_META.serialize(null, PvMeta.newBuilder().setName(name).setType(DbrType.DOUBLE).setCount(1)
                .setUnits("mA").setPrecision(3).setDisplayLow(0.0).setDisplayHigh(100.0).setAlarmLoLo(1.0)
                .setAlarmLow(5.0).setAlarmHigh(90.0).setAlarmHiHi(95.0).setControlLow(0.0).setControlHigh(100.0)
                .setWriteAccess(true).build());
    }

    static byte[] connection(String name, long sinceNs) {
        return Serdes.PV_CONNECTION.serialize(null, PvConnection.newBuilder().setName(name).setConnected(true)
                .setServer("127.0.0.1:5064").setSinceNs(sinceNs).setInstance("bench-ingest").build());
    }

    /**
     * The i-th update goes to PV {@code i % pvs}. Every value differs from the PV's previous one by more than any
     * deadband (deadband 0.5, steps of 1.0), so every update is a diff and an archive sample: the heaviest case for
     * the Streams app. One update in 50 is in alarm.
     */
    static final class Updates {
        private final int pvs;
        private final String[] names;
        private final long startNs = System.currentTimeMillis() * 1_000_000L;
        private final PvValue.Builder value = PvValue.newBuilder();

        Updates(int pvs) {
            this.pvs = pvs;
            this.names = new String[pvs];
            for (int pv = 0; pv < pvs; pv++) {
                names[pv] = PipelinePrefill.name(pv);
            }
        }

        String name(long i) {
            return names[(int) (i % pvs)];
        }

        byte[] next(long i) {
            boolean alarm = i % 50 == 0;
            return Serdes.PV_VALUE.serialize(null, value.setName(name(i)).setValue((double) (i / pvs))
                    .setTimestampNs(startNs + i * 1_000L).setSeverity(alarm ? Severity.MINOR : Severity.NO_ALARM)
                    .setStatus(alarm ? AlarmStatus.HIGH : AlarmStatus.NO_ALARM).build());
        }
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
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int pv = 0; pv < pvs; pv++) {
                String name = name(pv);
                send(producer, failed, Topics.PV_CONFIG, name, config(name));
                send(producer, failed, Topics.PV_META, name, meta(name));
                send(producer, failed, Topics.PV_CONNECTIONS, name, connection(name, nowNs));
            }
            producer.flush(); // metadata and config first, as after a start-up of the ingest
            Updates source = new Updates(pvs);
            for (long i = 0; i < updates; i++) {
                send(producer, failed, Topics.PV_VALUES, source.name(i), source.next(i));
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the pre-fill failed", failed.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void send(KafkaProducer<String, byte[]> producer, AtomicReference<Exception> failed, String topic,
                             String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                failed.compareAndSet(null, error);
            }
        });
    }
}
