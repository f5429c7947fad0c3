package io.pvstream.records.db;

import java.util.Comparator;

/**
 * The order of every listing: by name, then id, comparing Unicode code points. That is the byte order of
 * UTF-8, i.e. PostgreSQL's {@code COLLATE "C"} that the tables use, so the database's pages and the pending
 * overlay merge into one consistent order. ({@link String#compareTo} compares UTF-16 units, which differs for
 * characters beyond U+FFFF.)
 */
public final class ListOrder {

    public static final Comparator<String> CODE_POINTS = ListOrder::compareCodePoints;

    private ListOrder() {
    }

    public static int compare(String nameA, String idA, String nameB, String idB) {
        int byName = compareCodePoints(nameA, nameB);
        return byName != 0 ? byName : compareCodePoints(idA, idB);
    }

    /** Whether (name, id) comes strictly after {@code cursor}; everything does when it is null. */
    public static boolean isAfter(String name, String id, ListCursor cursor) {
        return cursor == null || compare(name, id, cursor.name(), cursor.id()) > 0;
    }

    /**
     * The {@code ?name=} filter: a substring, ignoring the case of ASCII letters only, as PostgreSQL's
     * {@code lower()} does under {@code COLLATE "C"}; null or empty matches all.
     */
    public static boolean nameMatches(String name, String contains) {
        return contains == null || contains.isEmpty() || asciiLower(name).contains(asciiLower(contains));
    }

    static String asciiLower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }

    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
