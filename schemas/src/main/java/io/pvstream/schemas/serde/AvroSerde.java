package io.pvstream.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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
 * <p>The records every PV update passes through have hand-written codecs ({@link PvCodecs}): same bytes, a fraction of
 * the work. Their data written by an older schema is still read by Avro's decoder.
 *
 * <p>Thread-safe: the encoders, decoders and buffers are per thread.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        trustOurPackages();
    }

    /** Avro single-object encoding: this marker, then the writer schema's 8-byte fingerprint, little-endian. */
    private static final byte[] MARKER = {(byte) 0xC3, 0x01};
    private static final int HEADER_BYTES = 10;
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The hand-written codec of the current schema, or null: Avro's generic writer and reader. */
    private final RecordCodec<T> codec;
    /** The marker and the current schema's fingerprint. */
    private final byte[] header;

    private AvroSerde(Class<T> type, Collection<Schema> olderWriterSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        SchemaStore.Cache known = new SchemaStore.Cache();
        olderWriterSchemas.forEach(known::addSchema);
        this.decoder = new BinaryMessageDecoder<>(model, current, known);
        @SuppressWarnings("unchecked")
        RecordCodec<T> fast = (RecordCodec<T>) PvCodecs.BY_TYPE.get(type);
        this.codec = fast;
        this.header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(MARKER)
                .putLong(SchemaNormalization.parsingFingerprint64(current)).array();
    }

    /** What one thread reuses from record to record. */
    private static final class Buffers {
        final Output out = new Output();
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /** An unsynchronized {@code ByteArrayOutputStream}. */
    private static final class Output extends OutputStream {
        private byte[] bytes = new byte[1024];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /** Serde for {@code type}, reading data written by its current schema or any historical one. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaHistory.olderSchemasOf(type));
    }

    /** Serde that additionally knows the given older writer schemas (tests of schema evolution). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, List<Schema> olderWriterSchemas) {
        return new AvroSerde<>(type, olderWriterSchemas);
    }

    /**
     * Avro 1.12 refuses to instantiate generated classes outside trusted packages: trust ours. Avro reads the setting
     * once, so a main that builds records (a builder copies enum defaults) before any serde exists calls this first.
     */
    public static void trustOurPackages() {
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
            if (codec != null) {
                Buffers buffers = BUFFERS.get();
                buffers.out.reset();
                buffers.out.write(header, 0, HEADER_BYTES);
                buffers.encoder = EncoderFactory.get().binaryEncoder(buffers.out, buffers.encoder);
                codec.write(record, buffers.encoder);
                buffers.encoder.flush();
                return buffers.out.toByteArray();
            }
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
            if (codec != null && hasCurrentHeader(data)) {
                Buffers buffers = BUFFERS.get();
                buffers.decoder = DecoderFactory.get().binaryDecoder(data, HEADER_BYTES, data.length - HEADER_BYTES,
                        buffers.decoder);
                return codec.read(buffers.decoder);
            }
            return decoder.decode(data); // an older writer schema (or not our encoding: it says why)
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot decode " + type.getSimpleName() + " from topic " + topic + " (" + data.length + " bytes)", e);
        }
    }

    private boolean hasCurrentHeader(byte[] data) {
        return data.length >= HEADER_BYTES && Arrays.equals(data, 0, HEADER_BYTES, header, 0, HEADER_BYTES);
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
