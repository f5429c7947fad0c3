package io.pvstream.records.history;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * PV history from the archive: raw samples, bins with statistics, and each PV's state at a past time. The one
 * owner of the archive read flow ({@link JdbcArchive} is the real one); the HTTP routes only parse and render.
 * Every method throws {@link io.pvstream.records.db.DatabaseUnavailableException} when no database can answer.
 */
public interface HistoryService {

    /** A consumer of rows that may fail on I/O (the HTTP response). */
    @FunctionalInterface
    interface RowSink<T> {
        void accept(T row) throws IOException;
    }

    /** Whether the archive holds any sample of {@code pv}. */
    boolean hasSamples(String pv);

    /** Samples of {@code pv} in [from, to), counted no further than {@code limit}. */
    long countUpTo(String pv, Instant from, Instant to, long limit);

    /** Streams the raw samples of {@code pv} in [from, to), oldest first; returns how many. */
    long samples(String pv, Instant from, Instant to, RowSink<HistorySample> sink);

    /** Streams the bins of {@code bin} width over [from, to), empty ones too; returns how many. */
    long bins(String pv, Instant from, Instant to, Duration bin, RowSink<HistoryBin> sink);

    /** Each named PV as it was at {@code at}, in the order given. */
    List<ArchivedValue> valuesAt(Instant at, List<String> names);
}
