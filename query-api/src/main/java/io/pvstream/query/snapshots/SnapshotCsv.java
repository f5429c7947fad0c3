package io.pvstream.query.snapshots;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.pvstream.records.snapshots.Csv;
import io.pvstream.records.snapshots.SnapshotReader;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

/** A snapshot's values streamed as CSV ({@code ?format=csv}, or {@code Accept: text/csv}). */
final class SnapshotCsv {

    private SnapshotCsv() {
    }

    static void write(Context ctx, SnapshotReader.Loaded loaded) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"snapshot-" + loaded.snapshot().id() + ".csv\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            out.write("name,state,value,kind,timestamp,severity,status,tolerance_abs,tolerance_rel,read_only\n");
            for (SnapshotValue value : loaded.values()) {
                ObjectNode view = SnapshotValues.view(value);
                out.write(String.join(",", Csv.field(value.pv()), value.state().json(),
                        Csv.field(SnapshotValues.text(value)), Csv.field(value.kind()),
                        Csv.field(view.path("timestamp").asText(null)), Csv.field(value.severity()),
                        Csv.field(value.status()), Csv.number(value.toleranceAbs()), Csv.number(value.toleranceRel()),
                        Boolean.toString(value.readOnly())));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("client went away during a CSV export", e);
        }
    }
}
