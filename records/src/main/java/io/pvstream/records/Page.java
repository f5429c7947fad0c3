package io.pvstream.records;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a listing in name order: {@code {"items": [...], "next": "<last name>" | null}}. The cursor
 * is the last name of the page, so pages stay correct while PVs are added or removed (no offsets).
 */
public record Page<T>(List<T> items, String next) {

    /**
     * Merges the pages of several instances (each in name order) into one.
     *
     * @param pages each with up to {@code limit + 1} items, so a page that is full is told from one that ended
     */
    public static <T> Page<T> merge(List<List<T>> pages, Function<T, String> nameOf, int limit) {
        // An instance holds only its own partitions; during a rebalance two may briefly hold one: keep one copy.
        Map<String, T> byName = new LinkedHashMap<>();
        pages.stream().flatMap(List::stream)
                .sorted(Comparator.comparing(nameOf))
                .forEach(item -> byName.putIfAbsent(nameOf.apply(item), item));
        List<T> items = new ArrayList<>(byName.values());
        if (items.size() <= limit) {
            return new Page<>(items, null);
        }
        List<T> page = List.copyOf(items.subList(0, limit));
        return new Page<>(page, nameOf.apply(page.get(limit - 1)));
    }
}
