package io.pvstream.records.db;

import java.util.Set;

/**
 * A request for one page of a listing.
 *
 * @param nameContains case-insensitive substring of the name; null = all
 * @param after        only entities after this (name, id) position; null = from the start
 * @param limit        at most this many
 * @param excludedIds  entities the pending overlay decides about: the database must not return them
 */
public record ListQuery(String nameContains, ListCursor after, int limit, Set<String> excludedIds) {

    public ListQuery {
        excludedIds = Set.copyOf(excludedIds);
    }
}
