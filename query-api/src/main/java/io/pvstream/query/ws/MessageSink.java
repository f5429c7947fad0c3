package io.pvstream.query.ws;

import java.util.function.Consumer;

/** The outgoing side of one WebSocket connection. Implementations never block. */
interface MessageSink {

    /** Sends asynchronously; {@code done} gets true once written, false if the connection failed. */
    void send(String text, Consumer<Boolean> done);

    /** Starts the close handshake: the close frame goes out after what is already queued. */
    void close(int code, String reason);

    /** Drops the connection without a handshake (a client that does not even take the close frame). */
    void disconnect();
}
