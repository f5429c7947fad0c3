package io.pvstream.schemas.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/**
 * The hand-written codecs ({@link PvCodecs}) of the parts of a PV's state, one per topic the ingest writes
 * (pv.values, pv.meta, pv.connections) and pv.config, with the building blocks all of them share.
 */
final class PvPartCodecs {

    private static final Severity[] SEVERITIES = Severity.values();
    private static final AlarmStatus[] STATUSES = AlarmStatus.values();
    private static final DbrType[] DBR_TYPES = DbrType.values();
    private static final MonitorEvent[] MONITOR_EVENTS = MonitorEvent.values();
    private static final PvProtocol[] PROTOCOLS = PvProtocol.values();

    private PvPartCodecs() {
    }

    // PvValue: name, timestampNs, value (double|long|string|EnumValue|DoubleArray|LongArray|StringArray), severity, status

    static void writeValue(PvValue v, BinaryEncoder out) throws IOException {
        out.writeString(v.getName());
        out.writeLong(v.getTimestampNs());
        Object value = v.getValue();
        if (value instanceof Double d) {
            out.writeIndex(0);
            out.writeDouble(d);
        } else if (value instanceof Long l) {
            out.writeIndex(1);
            out.writeLong(l);
        } else if (value instanceof CharSequence s) {
            out.writeIndex(2);
            out.writeString(s.toString());
        } else if (value instanceof EnumValue e) {
            out.writeIndex(3);
            out.writeInt(e.getIndex());
            writeNullableString(e.getLabel(), out);
        } else if (value instanceof DoubleArray a) {
            out.writeIndex(4);
            List<Double> values = a.getValues();
            writeCount(values.size(), out);
            for (Double d : values) {
                out.startItem();
                out.writeDouble(d);
            }
            out.writeArrayEnd();
        } else if (value instanceof LongArray a) {
            out.writeIndex(5);
            List<Long> values = a.getValues();
            writeCount(values.size(), out);
            for (Long l : values) {
                out.startItem();
                out.writeLong(l);
            }
            out.writeArrayEnd();
        } else if (value instanceof StringArray a) {
            out.writeIndex(6);
            writeStrings(a.getValues(), out);
        } else {
            throw new IllegalArgumentException("not a PvValue value: " + value);
        }
        out.writeEnum(v.getSeverity().ordinal());
        out.writeEnum(v.getStatus().ordinal());
    }

    static PvValue readValue(BinaryDecoder in) throws IOException {
        PvValue v = new PvValue();
        v.setName(in.readString());
        v.setTimestampNs(in.readLong());
        int branch = in.readIndex();
        v.setValue(switch (branch) {
            case 0 -> in.readDouble();
            case 1 -> in.readLong();
            case 2 -> in.readString();
            case 3 -> new EnumValue(in.readInt(), readNullableString(in));
            case 4 -> {
                List<Double> values = new ArrayList<>();
                for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
                    for (long i = 0; i < n; i++) {
                        values.add(in.readDouble());
                    }
                }
                yield new DoubleArray(values);
            }
            case 5 -> {
                List<Long> values = new ArrayList<>();
                for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
                    for (long i = 0; i < n; i++) {
                        values.add(in.readLong());
                    }
                }
                yield new LongArray(values);
            }
            case 6 -> new StringArray(readStrings(in));
            default -> throw new IOException("PvValue value: no union branch " + branch);
        });
        v.setSeverity(SEVERITIES[in.readEnum()]);
        v.setStatus(STATUSES[in.readEnum()]);
        return v;
    }

    // PvMeta: name, type, count, units, precision, 8 limits, enumLabels, readAccess, writeAccess

    static void writeMeta(PvMeta m, BinaryEncoder out) throws IOException {
        out.writeString(m.getName());
        out.writeEnum(m.getType().ordinal());
        out.writeInt(m.getCount());
        writeNullableString(m.getUnits(), out);
        if (m.getPrecision() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeInt(m.getPrecision());
        }
        writeNullableDouble(m.getDisplayLow(), out);
        writeNullableDouble(m.getDisplayHigh(), out);
        writeNullableDouble(m.getAlarmLoLo(), out);
        writeNullableDouble(m.getAlarmLow(), out);
        writeNullableDouble(m.getAlarmHigh(), out);
        writeNullableDouble(m.getAlarmHiHi(), out);
        writeNullableDouble(m.getControlLow(), out);
        writeNullableDouble(m.getControlHigh(), out);
        writeStrings(m.getEnumLabels(), out);
        out.writeBoolean(m.getReadAccess());
        out.writeBoolean(m.getWriteAccess());
    }

    static PvMeta readMeta(BinaryDecoder in) throws IOException {
        PvMeta m = new PvMeta();
        m.setName(in.readString());
        m.setType(DBR_TYPES[in.readEnum()]);
        m.setCount(in.readInt());
        m.setUnits(readNullableString(in));
        m.setPrecision(in.readIndex() == 0 ? null : in.readInt());
        m.setDisplayLow(readNullableDouble(in));
        m.setDisplayHigh(readNullableDouble(in));
        m.setAlarmLoLo(readNullableDouble(in));
        m.setAlarmLow(readNullableDouble(in));
        m.setAlarmHigh(readNullableDouble(in));
        m.setAlarmHiHi(readNullableDouble(in));
        m.setControlLow(readNullableDouble(in));
        m.setControlHigh(readNullableDouble(in));
        m.setEnumLabels(readStrings(in));
        m.setReadAccess(in.readBoolean());
        m.setWriteAccess(in.readBoolean());
        return m;
    }

    // PvConnection: name, connected, server, sinceNs, instance, error

    static void writeConnection(PvConnection c, BinaryEncoder out) throws IOException {
        out.writeString(c.getName());
        out.writeBoolean(c.getConnected());
        writeNullableString(c.getServer(), out);
        out.writeLong(c.getSinceNs());
        writeNullableString(c.getInstance(), out);
        writeNullableString(c.getError(), out);
    }

    static PvConnection readConnection(BinaryDecoder in) throws IOException {
        PvConnection c = new PvConnection();
        c.setName(in.readString());
        c.setConnected(in.readBoolean());
        c.setServer(readNullableString(in));
        c.setSinceNs(in.readLong());
        c.setInstance(readNullableString(in));
        c.setError(readNullableString(in));
        return c;
    }

    // PvConfig: name, deadband, archiveDeadband, monitorMask, readbackPv, tags, protocol

    static void writeConfig(PvConfig c, BinaryEncoder out) throws IOException {
        out.writeString(c.getName());
        writeNullableDouble(c.getDeadband(), out);
        writeNullableDouble(c.getArchiveDeadband(), out);
        List<MonitorEvent> mask = c.getMonitorMask();
        writeCount(mask.size(), out);
        for (MonitorEvent event : mask) {
            out.startItem();
            out.writeEnum(event.ordinal());
        }
        out.writeArrayEnd();
        writeNullableString(c.getReadbackPv(), out);
        writeStrings(c.getTags(), out);
        out.writeEnum(c.getProtocol().ordinal());
    }

    static PvConfig readConfig(BinaryDecoder in) throws IOException {
        PvConfig c = new PvConfig();
        c.setName(in.readString());
        c.setDeadband(readNullableDouble(in));
        c.setArchiveDeadband(readNullableDouble(in));
        List<MonitorEvent> mask = new ArrayList<>();
        for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                mask.add(MONITOR_EVENTS[in.readEnum()]);
            }
        }
        c.setMonitorMask(mask);
        c.setReadbackPv(readNullableString(in));
        c.setTags(readStrings(in));
        c.setProtocol(PROTOCOLS[in.readEnum()]);
        return c;
    }

    // the building blocks: ["null", X] unions and arrays

    static void writeNullableString(String s, BinaryEncoder out) throws IOException {
        if (s == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(s);
        }
    }

    static String readNullableString(BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readString();
    }

    static void writeNullableDouble(Double d, BinaryEncoder out) throws IOException {
        if (d == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeDouble(d);
        }
    }

    static Double readNullableDouble(BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readDouble();
    }

    /** As Avro's writer does: one block of {@code size} items (none: just the end marker). */
    static void writeCount(int size, BinaryEncoder out) throws IOException {
        out.writeArrayStart();
        out.setItemCount(size);
    }

    static void writeStrings(List<String> strings, BinaryEncoder out) throws IOException {
        writeCount(strings.size(), out);
        for (String s : strings) {
            out.startItem();
            out.writeString(s);
        }
        out.writeArrayEnd();
    }

    static List<String> readStrings(BinaryDecoder in) throws IOException {
        List<String> strings = new ArrayList<>();
        for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                strings.add(in.readString());
            }
        }
        return strings;
    }
}
