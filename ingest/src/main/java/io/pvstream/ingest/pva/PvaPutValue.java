package io.pvstream.ingest.pva;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import io.pvstream.ingest.write.PutValue;

/**
 * A {@link PutValue} (made for the PV's CA field type by {@code PutValues}) as a pvAccess write: the field and
 * what core-pva's {@code setValue} of that field takes. An enum writes its index into {@code value.index}; a
 * scalar field its one element; an array field a list of the elements, which every core-pva array type accepts
 * whatever its element width. Pure.
 */
record PvaPutValue(String request, Object value) {

    /** @param arrayField whether the PV's value field is an array (NTScalarArray), whatever its length now */
    static PvaPutValue of(PutValue put, boolean arrayField) {
        Object array = put.array();
        if (put.type().isENUM()) {
            return new PvaPutValue("value.index", ((short[]) array)[0] & 0xFFFF);
        }
        if (!arrayField) {
            if (Array.getLength(array) != 1) {
                throw new IllegalArgumentException("a scalar PV takes one element, not " + Array.getLength(array));
            }
            return new PvaPutValue("value", Array.get(array, 0));
        }
        List<Object> elements = new ArrayList<>(Array.getLength(array));
        for (int i = 0; i < Array.getLength(array); i++) {
            elements.add(Array.get(array, i));
        }
        return new PvaPutValue("value", elements);
    }
}
