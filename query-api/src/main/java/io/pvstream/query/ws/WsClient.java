package io.pvstream.query.ws;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.records.restore.JobView;
import io.pvstream.query.ws.Outcome.JobsRequest;
import io.pvstream.query.ws.Outcome.InitialStateRequest;

/**
 * One connected client: its {@link ClientSession} (the decisions) wired to its connection, the snapshot
 * loader and the timers (the I/O). Session methods are called under the session's lock; what they decide is
 * carried out here, after it is released, so Jetty's locks and ours are never held together.
 */
final class WsClient {

    private static final Logger log = LoggerFactory.getLogger(WsClient.class);

    private final String id;
    private final ClientSession session;
    private final MessageSink sink;
    private final ClientRequestParser parser;
    private final InitialStateLoader snapshots;
    private final JobLoader jobs;
    private final Executor snapshotExecutor;
    private final ScheduledExecutorService timers;
    private final int snapshotCap;
    private final Runnable onSlowClose;

    WsClient(String id, ClientSession session, MessageSink sink, ClientRequestParser parser, InitialStateLoader snapshots,
             JobLoader jobs, Executor snapshotExecutor, ScheduledExecutorService timers, int snapshotCap,
             Runnable onSlowClose) {
        this.id = id;
        this.session = session;
        this.sink = sink;
        this.parser = parser;
        this.snapshots = snapshots;
        this.jobs = jobs;
        this.snapshotExecutor = snapshotExecutor;
        this.timers = timers;
        this.snapshotCap = snapshotCap;
        this.onSlowClose = onSlowClose;
    }

    String id() {
        return id;
    }

    ClientSession session() {
        return session;
    }

    void onText(String text) {
        carryOut(session.onRequest(parser.parse(text)));
    }

    void onBinary() {
        carryOut(session.onRequest(new ClientRequest.Invalid(null, ClientRequest.BAD_REQUEST,
                "binary messages are not supported: send JSON text")));
    }

    void offerAll(List<EncodedDiff> diffs) {
        session.offerAll(diffs);
    }

    void offerJobs(List<EncodedJob> progress) {
        session.offerJobs(progress);
    }

    void tick(long nowNanos) {
        carryOut(session.tick(nowNanos));
    }

    void onClosed() {
        session.onClosed();
    }

    private void carryOut(Outcome outcome) {
        if (outcome.load() != null) {
            load(outcome.load());
        }
        if (outcome.loadJobs() != null) {
            loadJobs(outcome.loadJobs());
        }
        if (outcome.send() != null) {
            sink.send(outcome.send(), ok -> carryOut(session.onSent(ok)));
        }
        if (outcome.close() != null) {
            log.info("closing WebSocket client {}: {} {}", id, outcome.close().code(), outcome.close().reason());
            if (outcome.close().slow()) {
                onSlowClose.run();
            }
            sink.close(outcome.close().code(), outcome.close().reason());
            // The close frame queues behind what the client has not taken; a client that takes nothing is cut off.
            timers.schedule(sink::disconnect, WsSettings.CLOSE_HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void load(InitialStateRequest request) {
        // Loading may ask other instances over HTTP: never on a Jetty or Kafka thread.
        CompletableFuture.supplyAsync(() -> snapshots.load(request.pvs(), request.patterns(), snapshotCap),
                        snapshotExecutor)
                .whenComplete((snapshot, error) -> carryOut(error == null
                        ? session.snapshotLoaded(request, snapshot)
                        : session.snapshotFailed(request, rootMessage(error))));
    }

    private void loadJobs(JobsRequest request) {
        // Asks the owners of the jobs, maybe over HTTP: never on a Jetty or Kafka thread.
        CompletableFuture.supplyAsync(() -> request.load().isEmpty() ? List.<JobView>of() : jobs.load(request.load()),
                        snapshotExecutor)
                .whenComplete((current, error) -> carryOut(error == null
                        ? session.jobsLoaded(request, current)
                        : session.jobsLoadFailed(request, rootMessage(error))));
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
