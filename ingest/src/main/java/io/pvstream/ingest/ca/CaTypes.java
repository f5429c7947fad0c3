package io.pvstream.ingest.ca;

import gov.aps.jca.dbr.DBRType;

/** Which DBR types to request for a native field type, and how large their payloads get. Pure. */
public final class CaTypes {

    /**
     * Bytes a DBR_TIME_* payload adds before the values (status, severity, stamp, padding: at most
     * 16), plus room for the CA message header, so a size check errs on the safe side.
     */
    static final int TIME_OVERHEAD_BYTES = 16 + 24;

    private CaTypes() {
    }

    /** DBR_TIME_&lt;type&gt;: value, alarm and IOC timestamp in one payload. */
    public static DBRType timeTypeOf(DBRType nativeType) {
        if (nativeType.isDOUBLE()) {
            return DBRType.TIME_DOUBLE;
        } else if (nativeType.isFLOAT()) {
            return DBRType.TIME_FLOAT;
        } else if (nativeType.isINT()) {
            return DBRType.TIME_INT;
        } else if (nativeType.isSHORT()) {
            return DBRType.TIME_SHORT;
        } else if (nativeType.isBYTE()) {
            return DBRType.TIME_BYTE;
        } else if (nativeType.isENUM()) {
            return DBRType.TIME_ENUM;
        } else if (nativeType.isSTRING()) {
            return DBRType.TIME_STRING;
        }
        throw new IllegalArgumentException("not a native field type: " + nativeType);
    }

    /** DBR_CTRL_&lt;type&gt;: units, precision, limits or enum labels. */
    public static DBRType ctrlTypeOf(DBRType nativeType) {
        if (nativeType.isDOUBLE()) {
            return DBRType.CTRL_DOUBLE;
        } else if (nativeType.isFLOAT()) {
            return DBRType.CTRL_FLOAT;
        } else if (nativeType.isINT()) {
            return DBRType.CTRL_INT;
        } else if (nativeType.isSHORT()) {
            return DBRType.CTRL_SHORT;
        } else if (nativeType.isBYTE()) {
            return DBRType.CTRL_BYTE;
        } else if (nativeType.isENUM()) {
            return DBRType.CTRL_ENUM;
        } else if (nativeType.isSTRING()) {
            return DBRType.CTRL_STRING;
        }
        throw new IllegalArgumentException("not a native field type: " + nativeType);
    }

    /** Bytes of one element on the wire (a CA string is a fixed 40-byte field). */
    public static int elementBytes(DBRType nativeType) {
        if (nativeType.isDOUBLE()) {
            return 8;
        } else if (nativeType.isFLOAT() || nativeType.isINT()) {
            return 4;
        } else if (nativeType.isSHORT() || nativeType.isENUM()) {
            return 2;
        } else if (nativeType.isBYTE()) {
            return 1;
        } else if (nativeType.isSTRING()) {
            return 40;
        }
        throw new IllegalArgumentException("not a native field type: " + nativeType);
    }

    /**
     * Upper bound of a DBR_TIME monitor payload of {@code count} elements. CAJ closes the whole TCP
     * connection to the IOC (and so disconnects every PV on it) when a payload exceeds
     * max_array_bytes, so a PV must be checked against it before subscribing.
     */
    public static long timePayloadBytes(DBRType nativeType, int count) {
        return (long) elementBytes(nativeType) * Math.max(count, 1) + TIME_OVERHEAD_BYTES;
    }
}
