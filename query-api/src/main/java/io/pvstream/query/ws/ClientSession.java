package io.pvstream.query.ws;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pvstream.records.restore.JobView;
import io.pvstream.query.ws.ClientRequest.Invalid;
import io.pvstream.query.ws.ClientRequest.Subscribe;
import io.pvstream.query.ws.ClientRequest.Unsubscribe;
import io.pvstream.query.ws.Outcome.JobsRequest;
import io.pvstream.query.ws.Outcome.InitialStateRequest;

/**
 * The logic of one WebSocket client, without I/O: subscriptions (PVs and restore jobs), the per-PV and per-job
 * coalescing queues, batching, heartbeats, slow-client detection and limits. Time comes in as {@code nowNanos}; every decision comes
 * out as an {@link Outcome} that the caller carries out after the lock is released.
 *
 * <p>At most one message is in flight: the next goes out when the previous one was written. A client that
 * does not read therefore holds one message in the server, plus at most {@code clientQueueMax} pending
 * diffs, newest per PV. It is "behind" while a message is due but the previous one is not written yet;
 * behind for longer than the grace period, it is closed. Job progress goes out once per window too, one
 * {@code job} message per job that changed (newest wins), then its new per-PV results ({@code jobResults},
 * newest per PV; {@link JobQueue}), after that window's diffs, each as soon as the
 * previous message was written. Thread-safe (every method is synchronized).
 */
final class ClientSession {

    private final WsSettings settings;
    private final ServerMessages messages;
    private final Subscriptions subscriptions = new Subscriptions();
    private final JobSubscriptions jobSubscriptions = new JobSubscriptions();
    /** Newest diff per PV, in order of first arrival. */
    private final PendingDiffs pending;
    /** Answers and heartbeats, sent before diffs and as soon as the connection is free. */
    private final Deque<String> control = new ArrayDeque<>();
    /** Progress and per-PV results of watched jobs, until the window closes; then that window's job messages. */
    private final JobQueue jobQueue;

    private boolean sending;
    private boolean closed;
    private long behindSinceNanos = -1;
    /** Subscribes waiting for their snapshot: the diffs of their PVs wait too. */
    private final InitialStatesLoading snapshotsLoading = new InitialStatesLoading();
    private int jobLoadsInFlight;
    private long seq;
    private long nextHeartbeatNanos;
    private int badMessagesThisInterval;
    private boolean heartbeatDue;

    ClientSession(WsSettings settings, ServerMessages messages, long nowNanos) {
        this.settings = settings;
        this.messages = messages;
        this.pending = new PendingDiffs(messages, settings.clientQueueMax());
        this.jobQueue = new JobQueue(messages);
        this.nextHeartbeatNanos = nowNanos + settings.heartbeatInterval().toNanos();
    }

    /** A diff from pv.diffs: kept if the client watches its PV, replacing an older one of the same PV. */
    synchronized void offer(EncodedDiff diff) {
        if (!closed) {
            keepIfWatched(diff);
        }
    }

    /** {@link #offer} for a batch read from pv.diffs at once: one lock for all of them. */
    synchronized void offerAll(List<EncodedDiff> diffs) {
        if (closed) {
            return;
        }
        for (EncodedDiff diff : diffs) {
            keepIfWatched(diff);
        }
    }

    /** Adds to {@code into} the names of {@code names} this client watches (none once closed). */
    synchronized void addWatched(Collection<String> names, Set<String> into) {
        if (closed) {
            return;
        }
        for (String name : names) {
            if (name != null && !into.contains(name) && subscriptions.matches(name)) {
                into.add(name);
            }
        }
    }

    /** Progress of jobs from restore.job.progress: kept for the jobs the client watches, newest per job. */
    synchronized void offerJobs(List<EncodedJob> jobs) {
        if (closed) {
            return;
        }
        for (EncodedJob job : jobs) {
            if (jobSubscriptions.matches(job.jobId())) {
                jobQueue.offer(job);
            }
        }
    }

    /** Per-PV results of jobs from pv.write.results: kept for the jobs the client watches, newest per job and PV. */
    synchronized void offerJobResults(List<EncodedJobResult> results) {
        if (closed) {
            return;
        }
        for (EncodedJobResult result : results) {
            if (jobSubscriptions.matches(result.jobId())) {
                jobQueue.offer(result);
            }
        }
    }

    /** Adds to {@code into} the job ids of {@code jobIds} this client watches (none once closed). */
    synchronized void addWatchedJobs(Collection<String> jobIds, Set<String> into) {
        if (closed) {
            return;
        }
        for (String jobId : jobIds) {
            if (jobId != null && !into.contains(jobId) && jobSubscriptions.matches(jobId)) {
                into.add(jobId);
            }
        }
    }

    private void keepIfWatched(EncodedDiff diff) {
        if (subscriptions.matches(diff.name())) {
            pending.add(diff);
        }
    }

    synchronized Outcome onRequest(ClientRequest request) {
        if (closed) {
            return Outcome.NONE;
        }
        if (request instanceof Invalid invalid) {
            return reject(invalid.id(), invalid.error(), invalid.message());
        }
        if (request instanceof Unsubscribe unsubscribe) {
            subscriptions.remove(unsubscribe.pvs(), unsubscribe.patterns());
            jobSubscriptions.remove(unsubscribe.jobs());
            pending.keepOnly(subscriptions::matches);
            jobQueue.keepOnly(jobSubscriptions::matches);
            control.add(messages.unsubscribed(unsubscribe.id(), subscriptionCount()));
            return sendControlIfFree();
        }
        Subscribe subscribe = (Subscribe) request;
        boolean watchesPvs = !subscribe.pvs().isEmpty() || !subscribe.patterns().isEmpty();
        boolean watchesJobs = !subscribe.jobs().isEmpty();
        int after = subscriptions.sizeAfterAdding(subscribe.pvs(), subscribe.patterns()) + jobSubscriptions.size()
                + jobSubscriptions.countNew(subscribe.jobs());
        if (after > settings.maxSubscriptions()) {
            return reject(subscribe.id(), ClientRequest.LIMIT_EXCEEDED, "at most " + settings.maxSubscriptions()
                    + " names, patterns and jobs per client; this would make " + after);
        }
        if ((watchesPvs && snapshotsLoading.size() >= WsSettings.MAX_SNAPSHOTS_IN_FLIGHT)
                || (watchesJobs && jobLoadsInFlight >= WsSettings.MAX_SNAPSHOTS_IN_FLIGHT)) {
            return reject(subscribe.id(), ClientRequest.BUSY, "wait for the answers of earlier subscribes");
        }
        InitialStateRequest snapshot = null;
        if (watchesPvs) {
            Subscriptions.Added added = subscriptions.add(subscribe.pvs(), subscribe.patterns());
            snapshot = new InitialStateRequest(subscribe.id(), subscribe.pvs(),
                    subscribe.patterns().stream().map(GlobPattern::compile).toList(), added);
            snapshotsLoading.add(snapshot); // diffs of its PVs wait until the client has the state they change
        }
        JobsRequest jobs = null;
        if (watchesJobs) {
            List<String> added = jobSubscriptions.add(subscribe.jobs());
            jobLoadsInFlight++; // job messages wait until the client has the jobs' current progress
            jobs = new JobsRequest(subscribe.id(), subscribe.jobs(),
                    subscribe.jobs().stream().filter(job -> !job.equals(JobSubscriptions.ALL)).distinct().toList(),
                    added);
        }
        return new Outcome(null, null, snapshot, jobs);
    }

    /** The current progress of the jobs of a subscribe: queued unless a newer one is, then the answer. */
    synchronized Outcome jobsLoaded(JobsRequest request, List<JobView> current) {
        jobLoadsInFlight--;
        if (closed) {
            return Outcome.NONE;
        }
        Set<String> known = new HashSet<>();
        for (JobView view : current) {
            known.add(view.jobId());
            if (jobSubscriptions.matches(view.jobId())) {
                jobQueue.offerLoaded(messages.encode(view));
            }
        }
        List<String> unknown = request.load().stream().filter(job -> !known.contains(job)).toList();
        control.add(messages.subscribed(request.id(), request.jobs(), unknown, subscriptionCount()));
        return sendControlIfFree();
    }

    synchronized Outcome jobsLoadFailed(JobsRequest request, String reason) {
        jobLoadsInFlight--;
        if (closed) {
            return Outcome.NONE;
        }
        // As with PVs: a subscription without the current progress would leave the client waiting for nothing.
        jobSubscriptions.remove(request.added());
        jobQueue.keepOnly(jobSubscriptions::matches);
        control.add(messages.error(request.id(), ClientRequest.UNAVAILABLE, "cannot load the jobs' progress now ("
                + reason + "); the subscription was not made, try again"));
        return sendControlIfFree();
    }

    synchronized Outcome snapshotLoaded(InitialStateRequest request, InitialStateLoader.InitialState snapshot) {
        snapshotsLoading.remove(request);
        if (closed) {
            return Outcome.NONE;
        }
        pending.dropOlderThan(snapshot);
        control.add(messages.snapshot(request.id(), snapshot, subscriptionCount()));
        return sendControlIfFree();
    }

    synchronized Outcome snapshotFailed(InitialStateRequest request, String reason) {
        snapshotsLoading.remove(request);
        if (closed) {
            return Outcome.NONE;
        }
        // All or nothing: a subscription without its initial state would leave the client guessing.
        subscriptions.remove(request.added().names(), request.added().patterns());
        pending.keepOnly(subscriptions::matches);
        control.add(messages.error(request.id(), ClientRequest.UNAVAILABLE, "cannot load the current state now ("
                + reason + "); the subscription was not made, try again"));
        return sendControlIfFree();
    }

    /** Every batching window: the heartbeat when due, then one message if the connection is free. */
    synchronized Outcome tick(long nowNanos) {
        if (closed) {
            return Outcome.NONE;
        }
        if (nowNanos - nextHeartbeatNanos >= 0) {
            queueHeartbeat();
            nextHeartbeatNanos = nowNanos + settings.heartbeatInterval().toNanos();
        }
        boolean diffsDue = pending.anyDue(snapshotsLoading);
        boolean jobsDue = jobQueue.anyPending() && jobLoadsInFlight == 0;
        if (sending) {
            if (hasControl() || diffsDue || jobsDue || jobQueue.hasOutgoing()) {
                if (behindSinceNanos < 0) {
                    behindSinceNanos = nowNanos;
                } else if (nowNanos - behindSinceNanos > settings.slowClientGrace().toNanos()) {
                    return closeForBeingSlow(nowNanos);
                }
            }
            return Outcome.NONE;
        }
        behindSinceNanos = -1;
        if (hasControl()) {
            return takeControl();
        }
        if (jobsDue) {
            jobQueue.closeWindow();
        }
        if (diffsDue) {
            sending = true;
            String batch = messages.diffs(++seq, pending.takeDue(snapshotsLoading));
            return Outcome.send(batch); // this window's job messages follow as it is written
        }
        return sendNextJobIfFree();
    }

    /**
     * The message in flight was written ({@code ok}) or failed: then the session ends and the connection is closed
     * too, so a client is never left on an open socket that gets nothing more.
     */
    synchronized Outcome onSent(boolean ok) {
        sending = false;
        if (!ok) {
            if (closed) {
                return Outcome.NONE;
            }
            onClosed();
            return Outcome.close(Outcome.SERVER_ERROR, "a message could not be written");
        }
        Outcome control = sendControlIfFree();
        return control.send() != null ? control : sendNextJobIfFree();
    }

    /** The connection closed, by either side: drop everything. */
    synchronized void onClosed() {
        closed = true;
        pending.clear();
        control.clear();
        jobQueue.clear();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized long coalescedTotal() {
        return pending.coalescedTotal();
    }

    synchronized long droppedTotal() {
        return pending.droppedTotal();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    private Outcome reject(String id, String error, String message) {
        if (++badMessagesThisInterval > settings.maxBadMessages()) {
            closed = true;
            return Outcome.close(Outcome.POLICY_VIOLATION, "too many bad messages (last: " + error + ")");
        }
        control.add(messages.error(id, error, message));
        return sendControlIfFree();
    }

    private Outcome closeForBeingSlow(long nowNanos) {
        closed = true;
        long behindMs = (nowNanos - behindSinceNanos) / 1_000_000;
        String reason = "too slow: behind " + behindMs + " ms, " + pending.coalescedTotal() + " coalesced, "
                + pending.droppedTotal() + " dropped";
        pending.clear();
        control.clear();
        jobQueue.clear();
        heartbeatDue = false;
        return Outcome.closeSlow(reason);
    }

    private void queueHeartbeat() {
        badMessagesThisInterval = 0;
        // One due heartbeat is enough: it is rendered when it goes out, so its counts are current then.
        heartbeatDue = true;
    }

    private boolean hasControl() {
        return !control.isEmpty() || heartbeatDue;
    }

    private Outcome sendControlIfFree() {
        return sending || !hasControl() ? Outcome.NONE : takeControl();
    }

    private Outcome sendNextJobIfFree() {
        if (sending || !jobQueue.hasOutgoing()) {
            return Outcome.NONE;
        }
        sending = true;
        return Outcome.send(jobQueue.poll());
    }

    /** PV names, patterns and jobs held: what the limit counts and the answers report. */
    private int subscriptionCount() {
        return subscriptions.size() + jobSubscriptions.size();
    }

    private Outcome takeControl() {
        String next = control.poll();
        if (next == null) {
            heartbeatDue = false;
            next = pending.heartbeat(subscriptionCount());
        }
        sending = true;
        return Outcome.send(next);
    }
}
