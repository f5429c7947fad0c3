package io.pvstream.query.ws;

import java.util.List;

/** One message from a client, parsed and checked. {@code id} is the client's, echoed in the answer (may be null). */
sealed interface ClientRequest {

    String id();

    /** Error codes of {@code {"type":"error"}} messages. */
    String BAD_REQUEST = "bad_request";
    String LIMIT_EXCEEDED = "limit_exceeded";
    String BUSY = "busy";
    String UNAVAILABLE = "unavailable";

    /**
     * {@code {"type":"subscribe","pvs":[...],"patterns":[...],"jobs":[...]}}.
     *
     * @param jobs restore job ids, or {@value JobSubscriptions#ALL} for every job
     */
    record Subscribe(String id, List<String> pvs, List<String> patterns, List<String> jobs) implements ClientRequest {

        Subscribe(String id, List<String> pvs, List<String> patterns) {
            this(id, pvs, patterns, List.of());
        }
    }

    /** {@code {"type":"unsubscribe","pvs":[...],"patterns":[...],"jobs":[...]}}: entries not held are ignored. */
    record Unsubscribe(String id, List<String> pvs, List<String> patterns, List<String> jobs) implements ClientRequest {

        Unsubscribe(String id, List<String> pvs, List<String> patterns) {
            this(id, pvs, patterns, List.of());
        }
    }

    /** A message that cannot be served; answered with an error, and counted against the client. */
    record Invalid(String id, String error, String message) implements ClientRequest {
    }
}
