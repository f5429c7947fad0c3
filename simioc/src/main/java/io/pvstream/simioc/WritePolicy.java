package io.pvstream.simioc;

/** How a PV treats a CA put. */
enum WritePolicy {
    /** The put is applied and acknowledged at once. */
    WRITABLE,
    /** The channel has no write access; a put is refused. */
    READ_ONLY,
    /** The put is applied and its put-callback completes after a delay (asynchronous completion). */
    ASYNC
}
