package io.pvstream.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryData;

import gov.aps.jca.dbr.BYTE;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DOUBLE;
import gov.aps.jca.dbr.ENUM;
import gov.aps.jca.dbr.FLOAT;
import gov.aps.jca.dbr.INT;
import gov.aps.jca.dbr.SHORT;
import gov.aps.jca.dbr.STRING;
import gov.aps.jca.dbr.STS;
import gov.aps.jca.dbr.TIME;
import io.pvstream.ingest.ca.DbrConverter;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.Serdes;

/**
 * Writes a CA monitor update as the bytes {@link Serdes#PV_VALUE} writes for the same {@link PvValue}: Avro
 * single-object encoding (marker {@code C3 01}, the schema's 8-byte fingerprint, the binary record), without
 * building the PvValue. This is the ingest's hot path (hundreds of thousands of updates per second): Avro's
 * generic writer resolves the value union by reflection-like lookups and boxes every scalar, which cost more
 * CPU than Channel Access itself. Scalars (nearly every PV) are written here field by field into one reused
 * buffer; arrays go through {@link DbrConverter} and the shared serde. {@code PvValueEncoderTest} checks the bytes
 * against the serde for every type.
 *
 * <p>Not thread-safe: one per publish thread.
 */
final class PvValueEncoder {

    /** Branches of PvValue.value, in the schema's order. */
    private static final int DOUBLE_BRANCH = 0;
    private static final int LONG_BRANCH = 1;
    private static final int STRING_BRANCH = 2;
    private static final int ENUM_BRANCH = 3;

    private static final byte[] HEADER = header();
    private static final int SEVERITY_INVALID = io.pvstream.schemas.avro.Severity.INVALID.ordinal();
    private static final int STATUS_UDF = io.pvstream.schemas.avro.AlarmStatus.UDF.ordinal();

    private byte[] buffer = new byte[512];
    private int position;

    /** The PvValue bytes of the update {@code dbr} of PV {@code name}. */
    byte[] encode(String name, DBR dbr, List<String> enumLabels) {
        if (dbr.getCount() != 1) {
            return Serdes.PV_VALUE.serialize(Topics.PV_VALUES, DbrConverter.toPvValue(name, dbr, enumLabels));
        }
        position = 0;
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        position = HEADER.length;
        writeString(name);
        writeLong(dbr instanceof TIME time ? DbrConverter.toUnixNanos(time.getTimeStamp()) : DbrConverter.toUnixNanos(null));
        writeScalar(dbr, enumLabels);
        if (dbr instanceof STS sts) {
            writeInt(DbrConverter.severityOf(sts.getSeverity()).ordinal());
            writeInt(DbrConverter.statusOf(sts.getStatus()).ordinal());
        } else {
            writeInt(SEVERITY_INVALID);
            writeInt(STATUS_UDF);
        }
        return Arrays.copyOf(buffer, position);
    }

    /** The value union of a one-element DBR, as {@link DbrConverter} maps it. */
    private void writeScalar(DBR dbr, List<String> enumLabels) {
        if (dbr instanceof DOUBLE d) {
            writeDouble(d.getDoubleValue()[0]);
        } else if (dbr instanceof FLOAT f) {
            writeDouble(f.getFloatValue()[0]);
        } else if (dbr instanceof INT i) {
            writeLongBranch(i.getIntValue()[0]);
        } else if (dbr instanceof SHORT s) {
            writeLongBranch(s.getShortValue()[0]);
        } else if (dbr instanceof BYTE b) {
            writeLongBranch(b.getByteValue()[0]);
        } else if (dbr instanceof STRING s) {
            writeInt(STRING_BRANCH);
            String value = s.getStringValue()[0];
            writeString(value == null ? "" : value);
        } else if (dbr instanceof ENUM e) {
            writeEnum(e.getEnumValue(), enumLabels);
        } else {
            throw new IllegalArgumentException("unsupported DBR type " + dbr.getType());
        }
    }

    private void writeDouble(double value) {
        writeInt(DOUBLE_BRANCH);
        ensure(8);
        position += BinaryData.encodeDouble(value, buffer, position);
    }

    private void writeLongBranch(long value) {
        writeInt(LONG_BRANCH);
        writeLong(value);
    }

    /** EnumValue {index, label: [null, string]}; the label as {@link DbrConverter} picks it. */
    private void writeEnum(short[] indices, List<String> labels) {
        int index = indices.length == 0 ? 0 : indices[0] & 0xFFFF;
        String label = labels != null && index < labels.size() ? labels.get(index) : null;
        writeInt(ENUM_BRANCH);
        writeInt(index);
        if (label == null) {
            writeInt(0);
        } else {
            writeInt(1);
            writeString(label);
        }
    }

    private void writeInt(int value) {
        ensure(5);
        position += BinaryData.encodeInt(value, buffer, position);
    }

    private void writeLong(long value) {
        ensure(10);
        position += BinaryData.encodeLong(value, buffer, position);
    }

    /** Avro string: byte length, then UTF-8 (String.getBytes is an intrinsic that copies ASCII as is). */
    private void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    /** What Avro's BinaryMessageEncoder puts before every PvValue: marker C3 01, then the fingerprint, little-endian. */
    private static byte[] header() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(PvValue.getClassSchema());
        byte[] header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }
}
