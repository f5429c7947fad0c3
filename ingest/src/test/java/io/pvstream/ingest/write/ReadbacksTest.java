package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gov.aps.jca.Channel;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.schemas.avro.PvProtocol;

/** Where a readback's values come from: a PV monitored here, else a pvAccess monitor of the writer's own. */
class ReadbacksTest {

    private final Map<String, MonitoredChannel> monitored = new HashMap<>();
    private final List<String> pvaOpened = new ArrayList<>();
    private final List<String> pvaClosed = new ArrayList<>();
    private final List<Object> seen = new ArrayList<>();
    private final WriterThread thread = new WriterThread("readbacks-test", () -> {
        throw new AssertionError("no CA in these tests");
    });
    private final Readbacks readbacks = new Readbacks(monitored::get, () -> {
        throw new AssertionError("no CA in these tests");
    }, thread, 16_384, (channelName, onValue) -> {
        pvaOpened.add(channelName);
        onValue.accept("first of " + channelName);
        return () -> pvaClosed.add(channelName);
    });

    @AfterEach
    void stop() {
        thread.close();
    }

    @Test
    void aPvaNameNotMonitoredHereGetsAPvaMonitorOfItsOwnUntilClosed() {
        Readbacks.Source source = readbacks.open("pva://X:RB", PvProtocol.CA, seen::add);
        assertThat(pvaOpened).containsExactly("X:RB");
        assertThat(seen).containsExactly("first of X:RB");
        source.close();
        assertThat(pvaClosed).containsExactly("X:RB");
    }

    @Test
    void anUnprefixedReadbackOfAPvWrittenOverPvaIsReadOverPva() {
        readbacks.open("X:RB", PvProtocol.PVA, seen::add).close();
        assertThat(pvaOpened).containsExactly("X:RB");
    }

    @Test
    void aReadbackMonitoredHereUnderItsPvaNameIsWatchedNotOpenedAgain() {
        List<Consumer<Object>> watchers = new ArrayList<>();
        monitored.put("pva://X:RB", channel(42.0, watchers));
        Readbacks.Source source = readbacks.open("X:RB", PvProtocol.PVA, seen::add);
        watchers.get(0).accept(43.0);
        assertThat(seen).containsExactly(42.0, 43.0);
        assertThat(pvaOpened).isEmpty();
        source.close();
        assertThat(watchers).isEmpty();
    }

    @Test
    void aReadbackMonitoredHereUnderItsOwnNameIsWatchedWhateverTheProtocol() {
        List<Consumer<Object>> watchers = new ArrayList<>();
        monitored.put("X:RB", channel(7.0, watchers));
        readbacks.open("X:RB", PvProtocol.PVA, seen::add).close();
        assertThat(seen).containsExactly(7.0);
        assertThat(pvaOpened).isEmpty();
    }

    private static MonitoredChannel channel(Object latest, List<Consumer<Object>> watchers) {
        return new MonitoredChannel() {
            @Override
            public String name() {
                return "X:RB";
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public String server() {
                return "127.0.0.1:5075";
            }

            @Override
            public Channel channel() {
                return null;
            }

            @Override
            public Facts facts() {
                return null;
            }

            @Override
            public Object latestValue() {
                return latest;
            }

            @Override
            public Runnable watchValues(Consumer<Object> listener) {
                watchers.add(listener);
                return () -> watchers.remove(listener);
            }
        };
    }
}
