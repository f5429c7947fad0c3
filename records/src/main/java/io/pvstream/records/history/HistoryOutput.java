package io.pvstream.records.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.IsoTime;
import io.pvstream.records.snapshots.Csv;
import io.pvstream.records.snapshots.SavedState;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

/**
 * Writes a history answer as it is read, in JSON or CSV: a header, one entry per sample or bin, and (JSON) the count.
 * Values look as the PV endpoints show them (numbers, strings, {@code {"index","label"}}, arrays, "NaN").
 *
 * <pre>
 * {"name":"SIM:PV00001","from":"...","to":"...","samples":[{"time":"...","timestampNs":...,"value":52.3,
 *   "kind":"double","severity":"NO_ALARM","status":"NO_ALARM","connected":true,"changes":["VALUE"]}],"count":1}
 * {"name":"SIM:PV00001","from":"...","to":"...","bin":"PT1M","stats":["mean","count"],
 *   "bins":[{"time":"...","connected":true,"mean":52.1,"count":60}],"count":1}
 * </pre>
 */
public abstract class HistoryOutput implements AutoCloseable {

    public abstract void sample(HistorySample sample) throws IOException;

    public abstract void bin(HistoryBin bin) throws IOException;

    /** Ends the answer after {@code count} entries. */
    public abstract void finish(long count) throws IOException;

    @Override
    public abstract void close() throws IOException;

    public static HistoryOutput json(OutputStream out, ObjectMapper mapper, HistoryQuery query) throws IOException {
        JsonGenerator generator = mapper.getFactory().createGenerator(out);
        // an answer cut short by a failure must not look whole: no closing brackets on close
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
        return new JsonOutput(generator, query);
    }

    public static HistoryOutput csv(OutputStream out, HistoryQuery query) throws IOException {
        return new CsvOutput(new OutputStreamWriter(out, StandardCharsets.UTF_8), query);
    }

    /** The snapshot form of a sample, whose value the snapshot helpers render. */
    static SnapshotValue asValue(String pv, HistorySample sample) {
        return new SnapshotValue(pv, sample.connected() ? SavedState.OK : SavedState.DISCONNECTED, sample.kind(),
                sample.num(), sample.text(), sample.json(), sample.timeNs(), sample.severity(), sample.status(), null,
                null, false);
    }

    private static final class JsonOutput extends HistoryOutput {
        private final JsonGenerator out;
        private final HistoryQuery query;

        JsonOutput(JsonGenerator out, HistoryQuery query) throws IOException {
            this.out = out;
            this.query = query;
            out.writeStartObject();
            out.writeStringField("name", query.pv());
            out.writeStringField("from", query.from().toString());
            out.writeStringField("to", query.to().toString());
            if (query.binned()) {
                out.writeStringField("bin", query.bin().toString());
                out.writeArrayFieldStart("stats");
                for (Stat stat : query.stats()) {
                    out.writeString(stat.json());
                }
                out.writeEndArray();
                out.writeArrayFieldStart("bins");
            } else {
                out.writeArrayFieldStart("samples");
            }
        }

        @Override
        public void sample(HistorySample sample) throws IOException {
            out.writeStartObject();
            out.writeStringField("time", IsoTime.format(sample.timeNs()));
            out.writeNumberField("timestampNs", sample.timeNs());
            JsonNode value = SnapshotValues.apiValue(asValue(query.pv(), sample));
            out.writeFieldName("value");
            out.writeTree(value);
            out.writeStringField("kind", sample.kind());
            out.writeStringField("severity", sample.severity());
            out.writeStringField("status", sample.status());
            out.writeBooleanField("connected", sample.connected());
            out.writeArrayFieldStart("changes");
            for (String change : sample.changes().split(",")) {
                out.writeString(change);
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        @Override
        public void bin(HistoryBin bin) throws IOException {
            out.writeStartObject();
            out.writeStringField("time", bin.start().toString());
            out.writeBooleanField("connected", bin.connected());
            for (Stat stat : query.stats()) {
                if (stat == Stat.COUNT) {
                    out.writeNumberField("count", bin.count());
                } else if (bin.stat(stat) == null) {
                    out.writeNullField(stat.json());
                } else {
                    out.writeNumberField(stat.json(), bin.stat(stat));
                }
            }
            out.writeEndObject();
        }

        @Override
        public void finish(long count) throws IOException {
            out.writeEndArray();
            out.writeNumberField("count", count);
            out.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static final class CsvOutput extends HistoryOutput {
        private static final List<String> SAMPLE_HEADER = List.of("time", "timestamp_ns", "value", "kind", "severity",
                "status", "connected", "changes");
        private final Writer out;
        private final HistoryQuery query;
        private final Set<Stat> stats;

        CsvOutput(Writer out, HistoryQuery query) throws IOException {
            this.out = out;
            this.query = query;
            this.stats = query.stats();
            if (query.binned()) {
                out.write("time,connected");
                for (Stat stat : stats) {
                    out.write(',');
                    out.write(stat.json());
                }
                out.write('\n');
            } else {
                out.write(String.join(",", SAMPLE_HEADER));
                out.write('\n');
            }
        }

        @Override
        public void sample(HistorySample sample) throws IOException {
            SnapshotValue value = asValue(query.pv(), sample);
            out.write(String.join(",", IsoTime.format(sample.timeNs()), Long.toString(sample.timeNs()),
                    Csv.field(value.hasValue() ? SnapshotValues.text(value) : null), Csv.field(sample.kind()),
                    Csv.field(sample.severity()), Csv.field(sample.status()), Boolean.toString(sample.connected()),
                    Csv.field(sample.changes())));
            out.write('\n');
        }

        @Override
        public void bin(HistoryBin bin) throws IOException {
            String[] fields = new String[2 + stats.size()];
            fields[0] = bin.start().toString();
            fields[1] = Boolean.toString(bin.connected());
            int i = 2;
            for (Stat stat : stats) {
                fields[i++] = stat == Stat.COUNT ? Long.toString(bin.count()) : Csv.number(bin.stat(stat));
            }
            out.write(String.join(",", Arrays.asList(fields)));
            out.write('\n');
        }

        @Override
        public void finish(long count) {
            // CSV has no trailer: the rows are the answer
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The content type of the answer. */
    public static String contentType(boolean csv) {
        return csv ? "text/csv; charset=utf-8" : "application/json";
    }

    /** A file name for CSV downloads. */
    public static String fileName(HistoryQuery query) {
        return "history-" + query.pv().replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT) + ".csv";
    }
}
