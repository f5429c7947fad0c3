package io.pvstream.query.ws;

import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;

/** {@link MessageSink} on a Jetty WebSocket session: asynchronous writes, so no thread waits for a slow client. */
final class JettySink implements MessageSink {

    private final Session session;

    JettySink(Session session) {
        this.session = session;
    }

    @Override
    public void send(String text, Consumer<Boolean> done) {
        try {
            session.getRemote().sendString(text, new WriteCallback() {
                @Override
                public void writeFailed(Throwable error) {
                    done.accept(false);
                }

                @Override
                public void writeSuccess() {
                    done.accept(true);
                }
            });
        } catch (RuntimeException e) { // the session is already closing
            done.accept(false);
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason);
    }

    @Override
    public void disconnect() {
        if (session.isOpen()) {
            session.disconnect();
        }
    }
}
