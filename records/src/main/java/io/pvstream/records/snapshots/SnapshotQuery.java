package io.pvstream.records.snapshots;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import io.pvstream.records.DomainException.Invalid;

/**
 * A snapshot listing: filters and the page, newest first ({@code takenAt} descending, then id descending).
 *
 * @param tag          only snapshots with this tag, or null
 * @param nameContains case-insensitive substring of the name, or null
 * @param from         taken at or after, or null
 * @param to           taken before, or null
 * @param after        cursor: the last item of the previous page, or null
 * @param excludedIds  ids the database must leave out (they have a pending version, which wins)
 */
public record SnapshotQuery(String tag, String nameContains, Instant from, Instant to, Cursor after, int limit,
                            Set<String> excludedIds) {

    /** Position after one item of the newest-first order. */
    public record Cursor(Instant takenAt, String id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((takenAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
                return new Cursor(Instant.parse(parts[0]), parts[1]);
            } catch (RuntimeException e) {
                throw new Invalid("cursor: not a cursor this API returned");
            }
        }

        /** Whether an item at (takenAt, id) comes after this cursor in newest-first order. */
        boolean isBefore(Instant otherTakenAt, String otherId) {
            int byTime = otherTakenAt.compareTo(takenAt);
            return byTime < 0 || byTime == 0 && otherId.compareTo(id) < 0;
        }
    }

    /** Whether a snapshot header matches the filters and comes after the cursor. */
    boolean accepts(Snapshot snapshot) {
        Instant takenAt = Instant.parse(snapshot.takenAt());
        return (tag == null || snapshot.tags().contains(tag))
                && (nameContains == null || snapshot.name().toLowerCase(java.util.Locale.ROOT)
                        .contains(nameContains.toLowerCase(java.util.Locale.ROOT)))
                && (from == null || !takenAt.isBefore(from))
                && (to == null || takenAt.isBefore(to))
                && (after == null || after.isBefore(takenAt, snapshot.id()));
    }
}
