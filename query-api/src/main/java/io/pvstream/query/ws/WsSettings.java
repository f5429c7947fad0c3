package io.pvstream.query.ws;

import java.time.Duration;

/**
 * Limits and timings of the WebSocket API (keys {@code ws.*} of the query-api configuration).
 *
 * @param batchWindow       diffs of one window go out as one message
 * @param heartbeatInterval how often a heartbeat (with coalesced/dropped counts) is sent
 * @param maxSubscriptions  names + patterns one client may hold; also the most PVs of one snapshot
 * @param maxMessageBytes   largest inbound message; a larger frame closes the connection (1009)
 * @param clientQueueMax    PVs with a diff pending per client; diffs of further PVs are dropped
 * @param slowClientGrace   how long a client may stay behind (a message not yet taken when the next is due)
 * @param maxBadMessages    bad messages tolerated per heartbeat interval; one more closes the connection (1008)
 */
public record WsSettings(Duration batchWindow, Duration heartbeatInterval, int maxSubscriptions, int maxMessageBytes,
                         int clientQueueMax, Duration slowClientGrace, int maxBadMessages) {

    /** Snapshot loads one client may have running at once; more subscribes meanwhile get a "busy" error. */
    public static final int MAX_SNAPSHOTS_IN_FLIGHT = 4;
    /** A client closed for being slow that cannot even take the close frame is cut off after this. */
    public static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
}
