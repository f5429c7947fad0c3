package io.pvstream.ingest.write;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import gov.aps.jca.dbr.DBRType;

/**
 * What one CA put sends: the DBR type and the elements, as the primitive (or String) array that
 * jca's {@code Channel.put(..., PutListener)} overload of that type takes.
 *
 * @param type  DBR_DOUBLE, DBR_LONG (jca INT), DBR_SHORT, DBR_CHAR (jca BYTE), DBR_ENUM or DBR_STRING
 * @param array double[], int[], short[] (also for ENUM), byte[] or String[]
 */
public record PutValue(DBRType type, Object array) {

    public int count() {
        return Array.getLength(array);
    }

    /** Whether the elements are numbers a drive limit applies to (an enum index is a state, not a level). */
    public boolean isNumeric() {
        return !type.isENUM() && !type.isSTRING();
    }

    /** The elements as doubles (numeric types only). */
    public List<Double> numbers() {
        List<Double> out = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            out.add(((Number) Array.get(array, i)).doubleValue());
        }
        return out;
    }
}
