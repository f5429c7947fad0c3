package io.pvstream.query.snapshots;

import static io.pvstream.query.snapshots.SnapshotTestValues.number;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.pvstream.records.snapshots.SavedValuesCache;
import io.pvstream.records.snapshots.SnapshotValue;

class SavedValuesCacheTest {

    private static List<SnapshotValue> values(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> number("PV" + i, i)).toList();
    }

    @Test
    void keepsTheLeastRecentlyUsedOutOnceTheValuesExceedTheBound() {
        SavedValuesCache cache = new SavedValuesCache(5);
        cache.put("a", values(2));
        cache.put("b", values(2));
        assertThat(cache.get("a")).isPresent(); // a is now the most recently used
        cache.put("c", values(2));

        assertThat(cache.get("b")).as("least recently used").isEmpty();
        assertThat(cache.get("a")).hasValueSatisfying(v -> assertThat(v).hasSize(2));
        assertThat(cache.get("c")).isPresent();
    }

    @Test
    void aSnapshotLargerThanTheBoundIsNotKeptAndDropsNothing() {
        SavedValuesCache cache = new SavedValuesCache(3);
        cache.put("a", values(3));
        cache.put("huge", values(4));

        assertThat(cache.get("huge")).isEmpty();
        assertThat(cache.get("a")).isPresent();
    }

    @Test
    void zeroKeepsNothing() {
        SavedValuesCache cache = new SavedValuesCache(0);
        cache.put("a", values(1));
        assertThat(cache.get("a")).isEmpty();
    }

    @Test
    void puttingTheSameIdAgainCountsItsValuesOnce() {
        SavedValuesCache cache = new SavedValuesCache(4);
        cache.put("a", values(2));
        cache.put("a", values(2));
        cache.put("b", values(2));
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("b")).isPresent();
    }

    @Test
    void aRenderingIsKeptWithTheValuesItWasMadeFrom() {
        SavedValuesCache cache = new SavedValuesCache(10);
        cache.put("a", values(2));
        List<SnapshotValue> held = cache.get("a").orElseThrow();
        AtomicInteger renders = new AtomicInteger();
        Function<List<SnapshotValue>, byte[]> render = values -> {
            renders.incrementAndGet();
            return ("[" + values.size() + "]").getBytes(StandardCharsets.UTF_8);
        };

        assertThat(cache.rendered("a", held, render)).asString(StandardCharsets.UTF_8).isEqualTo("[2]");
        assertThat(cache.rendered("a", held, render)).asString(StandardCharsets.UTF_8).isEqualTo("[2]");
        assertThat(renders).as("rendered once").hasValue(1);

        List<SnapshotValue> other = values(3); // not the list held for "a": rendered, never kept nor served for "a"
        assertThat(cache.rendered("a", other, render)).asString(StandardCharsets.UTF_8).isEqualTo("[3]");
        assertThat(cache.rendered("a", held, render)).asString(StandardCharsets.UTF_8).isEqualTo("[2]");
        assertThat(renders).hasValue(2);

        cache.put("a", values(2)); // held anew: the old rendering goes with the old list
        assertThat(cache.rendered("a", cache.get("a").orElseThrow(), render)).isNotNull();
        assertThat(renders).hasValue(3);
    }
}
