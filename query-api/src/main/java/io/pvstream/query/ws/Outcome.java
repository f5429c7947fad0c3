package io.pvstream.query.ws;

import java.util.List;

/**
 * What a {@link ClientSession} decided, for its {@link WsClient} to carry out outside the session's lock:
 * at most one message to send, a close, a snapshot to load. Any part may be null.
 */
record Outcome(String send, Close close, SnapshotRequest load) {

    static final Outcome NONE = new Outcome(null, null, null);

    static Outcome send(String text) {
        return text == null ? NONE : new Outcome(text, null, null);
    }

    static Outcome close(int code, String reason) {
        return new Outcome(null, new Close(code, reason, false), null);
    }

    /** Closing a client that stayed behind for too long. */
    static Outcome closeSlow(String reason) {
        return new Outcome(null, new Close(POLICY_VIOLATION, reason, true), null);
    }

    /** WebSocket close codes (RFC 6455). */
    static final int POLICY_VIOLATION = 1008;
    static final int GOING_AWAY = 1001;

    /** @param slow whether the client is closed for being too slow (counted in the stats) */
    record Close(int code, String reason, boolean slow) {
    }

    /** The current state of these PVs is due to the client; {@code added} is taken back if loading fails. */
    record SnapshotRequest(String id, List<String> pvs, List<GlobPattern> patterns, Subscriptions.Added added) {
    }
}
