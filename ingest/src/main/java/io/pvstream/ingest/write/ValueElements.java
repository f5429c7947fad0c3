package io.pvstream.ingest.write;

import java.util.List;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.StringArray;

/** The elements of a {@code PvValue.value} union value: an array's values, or a scalar as one element. Pure. */
final class ValueElements {

    private ValueElements() {
    }

    static List<?> of(Object value) {
        if (value instanceof DoubleArray a) {
            return a.getValues();
        } else if (value instanceof LongArray a) {
            return a.getValues();
        } else if (value instanceof StringArray a) {
            return a.getValues();
        }
        return List.of(value);
    }
}
