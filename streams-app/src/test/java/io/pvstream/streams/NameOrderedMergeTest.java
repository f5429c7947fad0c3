package io.pvstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class NameOrderedMergeTest {

    /** A sorted run, like the range iterator of one partition's store (value = key). */
    private static final class Run implements KeyValueIterator<String, String> {
        private final Iterator<String> keys;
        private String next;
        int read;

        Run(String... keys) {
            this.keys = new TreeSet<>(List.of(keys)).iterator();
            this.next = this.keys.hasNext() ? this.keys.next() : null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public KeyValue<String, String> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            String key = next;
            next = keys.hasNext() ? keys.next() : null;
            read++;
            return KeyValue.pair(key, key);
        }

        @Override
        public String peekNextKey() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            return next;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void mergesPartitionsInNameOrder() {
        List<Run> runs = List.of(new Run("A:1", "A:4", "B:1"), new Run("A:2", "A:3"), new Run());

        assertThat(NameOrderedMerge.firstPage(runs, "", null, 10)).containsExactly("A:1", "A:2", "A:3", "A:4", "B:1");
    }

    @Test
    void cutsAtLimitAndReadsNoMoreThanNeeded() {
        Run big = new Run("A:1", "A:3", "A:5", "A:7", "A:9");
        List<Run> runs = List.of(big, new Run("A:2", "A:4"));

        assertThat(NameOrderedMerge.firstPage(runs, "", null, 3)).containsExactly("A:1", "A:2", "A:3");
        assertThat(big.read).isEqualTo(2);
    }

    @Test
    void afterIsExclusive() {
        List<Run> runs = List.of(new Run("A:1", "A:3"), new Run("A:2", "A:4"));

        assertThat(NameOrderedMerge.firstPage(runs, "", "A:2", 10)).containsExactly("A:3", "A:4");
    }

    @Test
    void prefixSelectsAContiguousBlock() {
        Supplier<List<Run>> runs = () -> List.of(new Run("A:1", "B:1", "B:2", "C:1"), new Run("AB", "B:3", "BZ"));

        assertThat(NameOrderedMerge.firstPage(runs.get(), "B:", null, 10)).containsExactly("B:1", "B:2", "B:3");
        assertThat(NameOrderedMerge.firstPage(runs.get(), "B:", "B:1", 10)).containsExactly("B:2", "B:3");
        assertThat(NameOrderedMerge.firstPage(runs.get(), "B:", "A:9", 10)).containsExactly("B:1", "B:2", "B:3");
        assertThat(NameOrderedMerge.firstPage(runs.get(), "B:", "B:3", 10)).isEmpty();
    }
}
