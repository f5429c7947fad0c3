package io.pvstream.schemas.serde;

import java.io.IOException;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

/**
 * Writes and reads one record type's Avro binary encoding by hand, field by field in the order of its current
 * schema: the same bytes as Avro's generic writer, without its per-field schema walk, union lookups by name and
 * boxing. Only for the current schema; {@link AvroSerde} reads data of older writer schemas with Avro's decoder.
 */
interface RecordCodec<T> {

    void write(T record, BinaryEncoder out) throws IOException;

    T read(BinaryDecoder in) throws IOException;
}
