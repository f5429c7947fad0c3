package io.pvstream.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for our generated Avro classes, in Avro single-object encoding: a 2-byte marker
 * {@code C3 01}, the writer schema's 8-byte fingerprint, then the binary record. The fingerprint
 * names the writer schema, so no schema registry is needed: the decoder resolves any writer
 * schema it knows (the current one plus those in {@link SchemaHistory}) against the reader schema.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        trustOurPackages();
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type, Collection<Schema> olderWriterSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        SchemaStore.Cache known = new SchemaStore.Cache();
        olderWriterSchemas.forEach(known::addSchema);
        this.decoder = new BinaryMessageDecoder<>(model, current, known);
    }

    /** Serde for {@code type}, reading data written by its current schema or any historical one. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaHistory.olderSchemasOf(type));
    }

    /** Serde that additionally knows the given older writer schemas (tests of schema evolution). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, List<Schema> olderWriterSchemas) {
        return new AvroSerde<>(type, olderWriterSchemas);
    }

    /** Avro 1.12 refuses to instantiate generated classes outside trusted packages: trust ours. */
    private static void trustOurPackages() {
        String key = "org.apache.avro.SERIALIZABLE_PACKAGES";
        String trusted = System.getProperty(key);
        if (trusted == null || trusted.isBlank()) {
            System.setProperty(key, "io.pvstream");
        } else if (!trusted.contains("io.pvstream")) {
            System.setProperty(key, trusted + ",io.pvstream");
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // a tombstone stays a tombstone
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot decode " + type.getSimpleName() + " from topic " + topic + " (" + data.length + " bytes)", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the type fixes the schema
    }

    @Override
    public void close() {
        // stateless
    }
}
