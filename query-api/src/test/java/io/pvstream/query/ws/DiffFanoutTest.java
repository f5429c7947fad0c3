package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.ws.ClientRequest.Subscribe;

/** Which diffs the feed decodes: only those of PVs some client of the instance watches. */
class DiffFanoutTest {

    private static final WsSettings SETTINGS = new WsSettings(Duration.ofMillis(100), Duration.ofSeconds(5), 10, 65536,
            100, Duration.ofSeconds(2), 2);
    private static final ServerMessages MESSAGES = new ServerMessages(new ObjectMapper());

    private final DiffFanout fanout = new DiffFanout();

    private ClientSession connect(String id, List<String> pvs, List<String> patterns) {
        ClientSession session = new ClientSession(SETTINGS, MESSAGES, 0L);
        MessageSink sink = new MessageSink() {
            @Override
            public void send(String text, Consumer<Boolean> done) {
                done.accept(true);
            }

            @Override
            public void close(int code, String reason) {
            }

            @Override
            public void disconnect() {
            }
        };
        fanout.add(new WsClient(id, session, sink, null, null, null, Runnable::run, null, 10, () -> { }));
        if (!pvs.isEmpty() || !patterns.isEmpty()) {
            session.onRequest(new Subscribe(null, pvs, patterns));
        }
        return session;
    }

    @Test
    void withNoClientNothingIsDecodedButEveryDiffIsCounted() {
        assertThat(fanout.watchedAmong(List.of("SIM:A", "SIM:A", "SIM:B"))).isEmpty();
        assertThat(fanout.stats(true).diffsReceived()).isEqualTo(3);
    }

    @Test
    void onlyPvsThatSomeClientWatchesAreDecoded() {
        connect("c1", List.of("SIM:A"), List.of());
        connect("c2", List.of(), List.of("LINAC:*"));
        connect("idle", List.of(), List.of());

        assertThat(fanout.watchedAmong(Arrays.asList("SIM:A", "SIM:B", "LINAC:1", "SIM:A", null)))
                .containsExactlyInAnyOrder("SIM:A", "LINAC:1");
    }

    @Test
    void aClosedClientWatchesNothing() {
        ClientSession session = connect("c1", List.of("SIM:A"), List.of());
        session.onClosed();
        assertThat(fanout.watchedAmong(List.of("SIM:A"))).isEmpty();
    }
}
