package io.pvstream.schemas.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decoding Avro single-object encoding with Avro's generic reader and nothing of ours: a record is the marker
 * {@code C3 01}, the writer schema's CRC-64-AVRO fingerprint as 8 bytes little-endian, then the Avro binary body.
 * This is the recipe the README gives consumers in any language.
 */
public final class SingleObjectRecords {

    /** Marker + fingerprint. */
    public static final int HEADER_BYTES = 10;

    private SingleObjectRecords() {
    }

    /** The writer schema's fingerprint, or empty when the bytes are not single-object encoded. */
    public static OptionalLong fingerprintOf(byte[] data) {
        if (data == null || data.length < HEADER_BYTES || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
            return OptionalLong.empty();
        }
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (data[i] & 0xFFL);
        }
        return OptionalLong.of(fingerprint);
    }

    /** The body decoded with its writer schema (a GenericRecord for a record schema). */
    public static Object decode(byte[] data, Schema writer) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_BYTES, data.length - HEADER_BYTES, null);
        try {
            return new GenericDatumReader<>(writer).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + writer.getName() + " record", e);
        }
    }
}
