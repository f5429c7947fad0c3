package io.pvstream.schemas.serde;

import static io.pvstream.schemas.serde.PvPartCodecs.readConnection;
import static io.pvstream.schemas.serde.PvPartCodecs.readMeta;
import static io.pvstream.schemas.serde.PvPartCodecs.readValue;
import static io.pvstream.schemas.serde.PvPartCodecs.writeConnection;
import static io.pvstream.schemas.serde.PvPartCodecs.writeCount;
import static io.pvstream.schemas.serde.PvPartCodecs.writeMeta;
import static io.pvstream.schemas.serde.PvPartCodecs.writeValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;

/**
 * Hand-written codecs of the records every PV update passes through (pv.values, the PV stores, pv.diffs): the Streams
 * app spent about a quarter of its time in Avro's generic writer and reader for them. Each follows its {@code .avsc}
 * field by field; {@code PvCodecsTest} checks that each writes exactly the bytes Avro's own writer does and reads
 * them back, for every value kind and every null. Change a schema: change its codec here (the test tells where).
 */
final class PvCodecs {

    private static final PvChange[] CHANGES = PvChange.values();

    /** Codec by record type. */
    static final Map<Class<?>, RecordCodec<?>> BY_TYPE = Map.of(
            PvValue.class, codec(PvPartCodecs::writeValue, PvPartCodecs::readValue),
            PvMeta.class, codec(PvPartCodecs::writeMeta, PvPartCodecs::readMeta),
            PvConnection.class, codec(PvPartCodecs::writeConnection, PvPartCodecs::readConnection),
            PvConfig.class, codec(PvPartCodecs::writeConfig, PvPartCodecs::readConfig),
            PvState.class, codec(PvCodecs::writeState, PvCodecs::readState),
            PvDiffState.class, codec(PvCodecs::writeDiffState, PvCodecs::readDiffState),
            PvDiff.class, codec(PvCodecs::writeDiff, PvCodecs::readDiff));

    private PvCodecs() {
    }

    private interface Writer<T> {
        void write(T record, BinaryEncoder out) throws IOException;
    }

    private interface Reader<T> {
        T read(BinaryDecoder in) throws IOException;
    }

    private static <T> RecordCodec<T> codec(Writer<T> writer, Reader<T> reader) {
        return new RecordCodec<>() {
            @Override
            public void write(T record, BinaryEncoder out) throws IOException {
                writer.write(record, out);
            }

            @Override
            public T read(BinaryDecoder in) throws IOException {
                return reader.read(in);
            }
        };
    }

    // PvState: name, value, meta, connection, valueReceivedNs, removedNs, staleSinceNs

    static void writeState(PvState s, BinaryEncoder out) throws IOException {
        out.writeString(s.getName());
        if (s.getValue() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeValue(s.getValue(), out);
        }
        if (s.getMeta() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeMeta(s.getMeta(), out);
        }
        writeNullableConnection(s.getConnection(), out);
        writeNullableLong(s.getValueReceivedNs(), out);
        writeNullableLong(s.getRemovedNs(), out);
        writeNullableLong(s.getStaleSinceNs(), out);
    }

    static PvState readState(BinaryDecoder in) throws IOException {
        PvState s = new PvState();
        s.setName(in.readString());
        s.setValue(in.readIndex() == 0 ? null : readValue(in));
        s.setMeta(in.readIndex() == 0 ? null : readMeta(in));
        s.setConnection(in.readIndex() == 0 ? null : readConnection(in));
        s.setValueReceivedNs(readNullableLong(in));
        s.setRemovedNs(readNullableLong(in));
        s.setStaleSinceNs(readNullableLong(in));
        return s;
    }

    // PvDiffState: value, connection. PvDiff: name, previous, current, changes

    static void writeDiffState(PvDiffState s, BinaryEncoder out) throws IOException {
        if (s.getValue() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeValue(s.getValue(), out);
        }
        writeNullableConnection(s.getConnection(), out);
    }

    static PvDiffState readDiffState(BinaryDecoder in) throws IOException {
        PvDiffState s = new PvDiffState();
        s.setValue(in.readIndex() == 0 ? null : readValue(in));
        s.setConnection(in.readIndex() == 0 ? null : readConnection(in));
        return s;
    }

    static void writeDiff(PvDiff d, BinaryEncoder out) throws IOException {
        out.writeString(d.getName());
        if (d.getPrevious() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeDiffState(d.getPrevious(), out);
        }
        writeDiffState(d.getCurrent(), out);
        List<PvChange> changes = d.getChanges();
        writeCount(changes.size(), out);
        for (PvChange change : changes) {
            out.startItem();
            out.writeEnum(change.ordinal());
        }
        out.writeArrayEnd();
    }

    static PvDiff readDiff(BinaryDecoder in) throws IOException {
        PvDiff d = new PvDiff();
        d.setName(in.readString());
        d.setPrevious(in.readIndex() == 0 ? null : readDiffState(in));
        d.setCurrent(readDiffState(in));
        List<PvChange> changes = new ArrayList<>();
        for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                changes.add(CHANGES[in.readEnum()]);
            }
        }
        d.setChanges(changes);
        return d;
    }

    // ["null", X] unions only states have

    private static void writeNullableConnection(PvConnection c, BinaryEncoder out) throws IOException {
        if (c == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeConnection(c, out);
        }
    }

    private static void writeNullableLong(Long l, BinaryEncoder out) throws IOException {
        if (l == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeLong(l);
        }
    }

    private static Long readNullableLong(BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readLong();
    }
}
