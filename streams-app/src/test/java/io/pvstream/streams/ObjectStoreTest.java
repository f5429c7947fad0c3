package io.pvstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {

    private KeyValueStore<String, String> below;

    @BeforeEach
    void setUp() {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("owned"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        below.init(new MockProcessorContext<>().getStateStoreContext(), below);
    }

    @Test
    void writesReachTheStoreBelowAtTheFlushAndReadsSeeThemAtOnce() {
        ObjectStore<String> store = new ObjectStore<>(below, 10, true);
        store.put("A", "1");
        store.put("A", "2");
        store.put("B", "b");
        assertThat(store.get("A")).isEqualTo("2");
        assertThat(below.get("A")).isNull();

        store.flushCache(); // at the commit, before the offsets
        assertThat(below.get("A")).isEqualTo("2");
        assertThat(below.get("B")).isEqualTo("b");
    }

    @Test
    void aDeleteIsSeenAtOnceAndReachesTheStoreBelowAtTheFlush() {
        below.put("A", "restored");
        ObjectStore<String> store = new ObjectStore<>(below, 10, true);
        assertThat(store.delete("A")).isEqualTo("restored");
        assertThat(store.get("A")).isNull();
        assertThat(below.get("A")).isEqualTo("restored");

        store.flush();
        assertThat(below.get("A")).isNull();
        store.put("A", "again"); // null means deleted only until the next write
        assertThat(store.get("A")).isEqualTo("again");
    }

    @Test
    void readsWhatTheStoreBelowHadBeforeItWasMade() {
        below.put("A", "restored");
        assertThat(new ObjectStore<>(below, 10, true).get("A")).isEqualTo("restored");
    }

    @Test
    void beyondItsBoundItDropsCleanObjectsButNoWrite() {
        ObjectStore<String> store = new ObjectStore<>(below, 2, true);
        store.put("A", "a");
        store.put("B", "b");
        store.put("C", "c"); // full: the kept objects are dropped; A and B are still to be written
        assertThat(store.get("A")).isEqualTo("a");
        assertThat(store.get("B")).isEqualTo("b");
        store.flush();
        assertThat(below.get("A")).isEqualTo("a");
        assertThat(below.get("C")).isEqualTo("c");
        assertThat(store.get("D")).isNull();
    }

    @Test
    void aTaskClosedWithoutACommitDropsWhatItHadNotWritten() {
        below.put("A", "committed");
        ObjectStore<String> store = new ObjectStore<>(below, 10, true);
        store.put("A", "uncommitted");
        store.clearCache();
        store.flush();
        assertThat(below.get("A")).isEqualTo("committed");
        assertThat(store.get("A")).isEqualTo("committed");
    }

    @Test
    void aScanSeesWhatIsNotFlushedOverWhatIs() {
        below.put("A", "a0");
        below.put("B", "b0");
        below.put("D", "d0");
        ObjectStore<String> store = new ObjectStore<>(below, 10, false);
        store.put("B", "b1");
        store.put("C", "c1");
        store.delete("D");
        store.put("E", "e1");

        assertThat(entries(store.all())).containsExactly("A=a0", "B=b1", "C=c1", "E=e1");
        assertThat(entries(store.range("B", "D"))).containsExactly("B=b1", "C=c1");
        assertThat(entries(store.range("C", null))).containsExactly("C=c1", "E=e1");
        store.flushCache();
        assertThat(entries(store.all())).containsExactly("A=a0", "B=b1", "C=c1", "E=e1");
    }

    @Test
    void aStoreQueriedOnStandbysKeepsOnlyWhatIsWritten() {
        below.put("A", "restored");
        ObjectStore<String> store = new ObjectStore<>(below, 10, false);
        assertThat(store.get("A")).isEqualTo("restored");
        below.put("A", "restored again"); // a standby's store is restored under it
        assertThat(store.get("A")).isEqualTo("restored again");
    }

    @Test
    void theWritingThreadKeepsWhatItReadsAbsentKeysToo() {
        below.put("A", "restored");
        ObjectStore<String> store = new ObjectStore<>(below, 10, true);
        store.flushCache(); // the stream thread commits (or initializes) it: this thread is its writer
        assertThat(store.get("A")).isEqualTo("restored");
        assertThat(store.get("B")).isNull();
        below.put("A", "changed below"); // never happens to an active task; here it shows what is kept
        below.put("B", "changed below");
        assertThat(store.get("A")).isEqualTo("restored");
        assertThat(store.get("B")).as("kept as absent: no second read of the store below").isNull();
        store.put("B", "written");
        assertThat(store.get("B")).isEqualTo("written");
    }

    @Test
    void anInteractiveQuerysReadIsNotKept() throws Exception {
        below.put("A", "v1");
        ObjectStore<String> store = new ObjectStore<>(below, 10, true);
        store.flushCache(); // this thread is the writer
        AtomicReference<String> read = new AtomicReference<>();
        Thread query = new Thread(() -> read.set(store.get("A")));
        query.start();
        query.join();
        assertThat(read.get()).isEqualTo("v1");
        // had the query's read been kept, it could put back a value the stream thread replaced meanwhile
        below.put("A", "v2");
        assertThat(store.get("A")).isEqualTo("v2");
    }

    private static List<String> entries(KeyValueIterator<String, String> iterator) {
        List<String> entries = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(entry -> entries.add(entry.key + "=" + entry.value));
        }
        return entries;
    }
}
