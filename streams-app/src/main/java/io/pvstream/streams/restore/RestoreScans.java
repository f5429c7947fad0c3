package io.pvstream.streams.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;

/** Reads of the restore stores, whatever holds them (Streams' local stores, a processor's, a test driver's). */
final class RestoreScans {

    /** Newest first: by when the job was first started, then by id so the order is total. */
    static final Comparator<JobProgress> NEWEST_FIRST = Comparator
            .comparingLong((JobProgress progress) -> progress.getJob().getCreatedNs()).reversed()
            .thenComparing(progress -> progress.getJob().getJobId());

    private RestoreScans() {
    }

    /** Every stored result of {@code jobId}, in PV name order: one prefix scan. */
    static List<PvWriteResult> results(ReadOnlyKeyValueStore<String, PvWriteResult> store, String jobId) {
        List<PvWriteResult> results = new ArrayList<>();
        try (KeyValueIterator<String, PvWriteResult> entries =
                     store.prefixScan(ResultKeys.prefix(jobId), new StringSerializer())) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null) {
                    results.add(entry.value);
                }
            });
        }
        return results;
    }

    /** The {@code limit} newest jobs of the store. A full scan: one small record per job of the retention period. */
    static List<JobProgress> newest(ReadOnlyKeyValueStore<String, JobProgress> store, int limit) {
        List<JobProgress> jobs = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> entries = store.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null) {
                    jobs.add(entry.value);
                }
            });
        }
        jobs.sort(NEWEST_FIRST);
        return jobs.size() <= limit ? jobs : List.copyOf(jobs.subList(0, limit));
    }
}
