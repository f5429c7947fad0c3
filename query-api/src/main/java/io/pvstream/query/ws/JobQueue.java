package io.pvstream.query.ws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * The restore-job side of one client's queue: the newest progress per job and the newest result per job and PV,
 * gathered until the batching window closes; then the messages of that window ({@code job} messages, then
 * {@code jobResults}), sent one after the other as the connection takes them. A restore of 40K PVs gives 40K
 * results within seconds: per window they go out as a few messages of at most {@value #MAX_RESULTS_PER_MESSAGE}
 * results, not 40K messages. Not thread-safe: its session guards it.
 */
final class JobQueue {

    static final int MAX_RESULTS_PER_MESSAGE = 2_000;

    private final ServerMessages messages;
    private final LinkedHashMap<String, EncodedJob> progress = new LinkedHashMap<>();
    private final LinkedHashMap<String, LinkedHashMap<String, EncodedJobResult>> results = new LinkedHashMap<>();
    private final Deque<String> outgoing = new ArrayDeque<>();

    JobQueue(ServerMessages messages) {
        this.messages = messages;
    }

    /** Progress read from the feed: newest per job. */
    void offer(EncodedJob job) {
        progress.merge(job.jobId(), job, EncodedJob::newer);
    }

    /** Progress loaded for a subscribe: it loses to a newer version already queued. */
    void offerLoaded(EncodedJob loaded) {
        progress.merge(loaded.jobId(), loaded, (queued, current) -> EncodedJob.newer(current, queued));
    }

    /** A PV's result read from the feed: newest per job and PV. */
    void offer(EncodedJobResult result) {
        results.computeIfAbsent(result.jobId(), job -> new LinkedHashMap<>())
                .merge(result.pvName(), result, EncodedJobResult::newer);
    }

    /** Whether anything waits for the window to close. */
    boolean anyPending() {
        return !progress.isEmpty() || !results.isEmpty();
    }

    boolean hasOutgoing() {
        return !outgoing.isEmpty();
    }

    /** Drops what waits of jobs no longer watched. */
    void keepOnly(Predicate<String> watched) {
        progress.keySet().removeIf(watched.negate());
        results.keySet().removeIf(watched.negate());
    }

    /** Closes the window unless the previous one's messages are still going out: its messages queue to go out. */
    void closeWindow() {
        if (!outgoing.isEmpty()) {
            return;
        }
        progress.values().forEach(job -> outgoing.add(job.json()));
        progress.clear();
        results.forEach((jobId, byPv) -> {
            List<EncodedJobResult> chunk = new ArrayList<>(Math.min(byPv.size(), MAX_RESULTS_PER_MESSAGE));
            for (EncodedJobResult result : byPv.values()) {
                chunk.add(result);
                if (chunk.size() == MAX_RESULTS_PER_MESSAGE) {
                    outgoing.add(messages.jobResults(jobId, chunk));
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                outgoing.add(messages.jobResults(jobId, chunk));
            }
        });
        results.clear();
    }

    /** The next message of a closed window, or null. */
    String poll() {
        return outgoing.poll();
    }

    void clear() {
        progress.clear();
        results.clear();
        outgoing.clear();
    }
}
