package io.pvstream.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Merges per-partition range scans, each already in key order, into one page in name order, reading
 * no more than the page needs from each. (A store's composite view concatenates partitions instead,
 * which would force reading every matching key to sort them.)
 *
 * <p>Order: {@link String#compareTo}, which is the stores' byte order for every name without
 * supplementary characters (EPICS names are ASCII).
 */
public final class NameOrderedMerge {

    private NameOrderedMerge() {
    }

    /**
     * @param runs   iterators in ascending key order, best started at the page's lower bound;
     *               the caller closes them
     * @param prefix only keys starting with it; "" for all
     * @param after  exclusive lower bound, or null
     */
    public static <V> List<V> firstPage(List<? extends KeyValueIterator<String, V>> runs, String prefix, String after,
                                 int limit) {
        PriorityQueue<KeyValueIterator<String, V>> heads =
                new PriorityQueue<>(Comparator.comparing(KeyValueIterator::peekNextKey));
        for (KeyValueIterator<String, V> run : runs) {
            if (advanceToMatch(run, prefix, after)) {
                heads.add(run);
            }
        }
        List<V> page = new ArrayList<>(Math.min(limit, 1024));
        while (page.size() < limit && !heads.isEmpty()) {
            KeyValueIterator<String, V> run = heads.poll();
            page.add(run.next().value);
            if (advanceToMatch(run, prefix, after)) {
                heads.add(run);
            }
        }
        return page;
    }

    /** Skips keys up to {@code after}; true if the next key matches the prefix. */
    private static boolean advanceToMatch(KeyValueIterator<String, ?> run, String prefix, String after) {
        while (run.hasNext()) {
            String key = run.peekNextKey();
            if (key.compareTo(prefix) < 0 || (after != null && key.compareTo(after) <= 0)) {
                run.next(); // before the page: the caller's lower bound normally avoids reading these
                continue;
            }
            // Keys sharing a prefix are contiguous in key order: the first one past the prefix ends the run.
            return key.startsWith(prefix);
        }
        return false;
    }
}
