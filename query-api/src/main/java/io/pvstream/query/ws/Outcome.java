package io.pvstream.query.ws;

import java.util.List;

/**
 * What a {@link ClientSession} decided, for its {@link WsClient} to carry out outside the session's lock:
 * at most one message to send, a close, a snapshot to load, jobs to load. Any part may be null.
 */
record Outcome(String send, Close close, InitialStateRequest load, JobsRequest loadJobs) {

    static final Outcome NONE = new Outcome(null, null, null, null);

    static Outcome send(String text) {
        return text == null ? NONE : new Outcome(text, null, null, null);
    }

    static Outcome close(int code, String reason) {
        return new Outcome(null, new Close(code, reason, false), null, null);
    }

    /** Closing a client that stayed behind for too long. */
    static Outcome closeSlow(String reason) {
        return new Outcome(null, new Close(POLICY_VIOLATION, reason, true), null, null);
    }

    /** WebSocket close codes (RFC 6455). */
    static final int POLICY_VIOLATION = 1008;
    static final int GOING_AWAY = 1001;
    static final int SERVER_ERROR = 1011;

    /** @param slow whether the client is closed for being too slow (counted in the stats) */
    record Close(int code, String reason, boolean slow) {
    }

    /** The current state of these PVs is due to the client; {@code added} is taken back if loading fails. */
    record InitialStateRequest(String id, List<String> pvs, List<GlobPattern> patterns, Subscriptions.Added added) {
    }

    /**
     * The current progress of the named jobs is due to the client, then the {@code subscribed} answer.
     *
     * @param jobs  the jobs of the subscribe, as sent ({@code *} included)
     * @param load  the job ids among them, whose progress is loaded
     * @param added the entries the subscribe added: only these are taken back if loading fails
     */
    record JobsRequest(String id, List<String> jobs, List<String> load, List<String> added) {
    }
}
