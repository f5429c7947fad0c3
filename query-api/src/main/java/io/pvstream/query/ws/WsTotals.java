package io.pvstream.query.ws;

/**
 * The WebSocket side of one instance since it started, as {@code /metrics} exports it.
 *
 * @param clients         connected now
 * @param coalesced       diffs replaced by a newer one of the same PV before they were sent (closed clients too)
 * @param dropped         diffs dropped because a client's queue was full (closed clients too)
 * @param slowDisconnects clients closed for being too slow
 * @param diffsReceived   diffs read from pv.diffs
 */
public record WsTotals(int clients, long coalesced, long dropped, long slowDisconnects, long diffsReceived) {
}
