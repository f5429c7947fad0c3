package io.pvstream.query.ws;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of this instance and the diffs and job progress they get: every diff read from pv.diffs (every
 * progress from restore.job.progress) is offered to every client, which keeps it only if it watches the PV (the
 * job). No registry is shared between instances: each reads all of both topics for its own clients.
 */
final class DiffFanout {

    private final Map<String, WsClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong diffsReceived = new AtomicLong();
    private final AtomicLong jobEventsReceived = new AtomicLong();
    private final AtomicLong jobResultsReceived = new AtomicLong();
    private final AtomicLong slowDisconnects = new AtomicLong();
    /** What clients gone by now had coalesced and dropped: the totals of {@link #totals} never go down. */
    private final AtomicLong closedCoalesced = new AtomicLong();
    private final AtomicLong closedDropped = new AtomicLong();

    /**
     * Counters of this instance's WebSocket side, for {@code GET /api/v1/ws/stats}.
     *
     * @param jobResultsReceived per-PV results of watched jobs read from pv.write.results
     * @param feedsReading whether the pv.diffs, restore.job.progress and pv.write.results feeds have found their
     *                     topic's end: what is written from then on reaches the clients
     */
    record Stats(int clients, long diffsReceived, long jobEventsReceived, long jobResultsReceived,
                 long slowDisconnects, long coalesced, long dropped, long pending, boolean feedsReading) {
    }

    void add(WsClient client) {
        clients.put(client.id(), client);
    }

    WsClient get(String id) {
        return clients.get(id);
    }

    void remove(String id) {
        WsClient client = clients.remove(id);
        if (client != null) {
            closedCoalesced.addAndGet(client.session().coalescedTotal());
            closedDropped.addAndGet(client.session().droppedTotal());
            client.onClosed();
        }
    }

    Collection<WsClient> clients() {
        return clients.values();
    }

    /**
     * The PVs among those of the diffs one poll read ({@code names}, one per diff) that some client watches: only their
     * diffs are decoded and encoded. With no client, or none watching them, the feed reads on without decoding
     * (decoding and encoding every diff of a busy platform for nobody was the feed's whole cost). Counts the diffs.
     */
    Set<String> watchedAmong(List<String> names) {
        diffsReceived.addAndGet(names.size());
        Set<String> watched = new HashSet<>();
        if (clients.isEmpty()) {
            return watched;
        }
        Set<String> distinct = new HashSet<>(names);
        for (WsClient client : clients.values()) {
            client.session().addWatched(distinct, watched);
            if (watched.size() == distinct.size()) {
                break;
            }
        }
        return watched;
    }

    /** Diffs read together from pv.diffs: each client takes its lock once for all of them. */
    void publish(List<EncodedDiff> diffs) {
        for (WsClient client : clients.values()) {
            client.offerAll(diffs);
        }
    }

    /** Job progress read together from restore.job.progress. */
    void publishJobs(List<EncodedJob> jobs) {
        jobEventsReceived.addAndGet(jobs.size());
        for (WsClient client : clients.values()) {
            client.offerJobs(jobs);
        }
    }

    /** The job ids among those of the results one poll read that some client watches: only these are decoded. */
    Set<String> jobsWatchedAmong(List<String> jobIds) {
        Set<String> watched = new HashSet<>();
        if (clients.isEmpty()) {
            return watched;
        }
        Set<String> distinct = new HashSet<>(jobIds);
        for (WsClient client : clients.values()) {
            client.session().addWatchedJobs(distinct, watched);
            if (watched.size() == distinct.size()) {
                break;
            }
        }
        return watched;
    }

    /** Per-PV results of jobs read together from pv.write.results. */
    void publishJobResults(List<EncodedJobResult> results) {
        jobResultsReceived.addAndGet(results.size());
        for (WsClient client : clients.values()) {
            client.session().offerJobResults(results);
        }
    }

    /** One batching window has passed. */
    void tick(long nowNanos) {
        for (WsClient client : clients.values()) {
            client.tick(nowNanos);
        }
    }

    void countSlowDisconnect() {
        slowDisconnects.incrementAndGet();
    }

    Stats stats(boolean feedsReading) {
        long coalesced = 0;
        long dropped = 0;
        long pending = 0;
        for (WsClient client : clients.values()) {
            coalesced += client.session().coalescedTotal();
            dropped += client.session().droppedTotal();
            pending += client.session().pendingCount();
        }
        return new Stats(clients.size(), diffsReceived.get(), jobEventsReceived.get(), jobResultsReceived.get(),
                slowDisconnects.get(), coalesced,
                dropped, pending, feedsReading);
    }

    /** Since start, closed clients included (the counters of {@code /metrics}). */
    WsTotals totals() {
        long coalesced = closedCoalesced.get();
        long dropped = closedDropped.get();
        for (WsClient client : clients.values()) {
            coalesced += client.session().coalescedTotal();
            dropped += client.session().droppedTotal();
        }
        return new WsTotals(clients.size(), coalesced, dropped, slowDisconnects.get(), diffsReceived.get());
    }
}
