package io.pvstream.query.ws;

/**
 * A diff encoded once as JSON and shared by every client that watches its PV: a batch message is the
 * concatenation of these, so the cost of JSON does not grow with the number of clients.
 */
record EncodedDiff(DiffView view, String json) {

    String name() {
        return view.name();
    }

    /** IOC time of the value, null if none: tells a diff older than a snapshot. */
    Long timestampNs() {
        return view.timestampNs();
    }

    /** The connected flag, null if unknown. */
    Boolean connected() {
        return view.connected();
    }
}
