package io.pvstream.query.ws;

/**
 * A PV name pattern: {@code *} matches any run of characters (also none), {@code ?} exactly one; every other
 * character stands for itself. EPICS record names cannot contain either, so no escaping is needed.
 * Compiled once per subscription, matched against every diff: no regular expressions, no allocation.
 */
public final class GlobPattern {

    private final String text;
    private final String literalPrefix;

    private GlobPattern(String text) {
        this.text = text;
        int firstWildcard = firstWildcard(text);
        this.literalPrefix = firstWildcard < 0 ? text : text.substring(0, firstWildcard);
    }

    public static GlobPattern compile(String text) {
        return new GlobPattern(text);
    }

    public static boolean hasWildcard(String text) {
        return firstWildcard(text) >= 0;
    }

    private static int firstWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    public String text() {
        return text;
    }

    /** The characters before the first wildcard: a store scan for matches starts (and ends) there. */
    public String literalPrefix() {
        return literalPrefix;
    }

    public boolean matches(String name) {
        if (!name.startsWith(literalPrefix)) {
            return false; // the cheap test first: most diffs fail here
        }
        // Greedy match with backtracking to the last '*': linear for the patterns people write.
        int p = literalPrefix.length();
        int s = literalPrefix.length();
        int star = -1;
        int starMatch = 0;
        while (s < name.length()) {
            if (p < text.length()) {
                char c = text.charAt(p);
                if (c == '*') {
                    star = p++;
                    starMatch = s;
                    continue;
                }
                if (c == '?' || c == name.charAt(s)) {
                    p++;
                    s++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            p = star + 1; // let the last '*' take one more character and try again
            s = ++starMatch;
        }
        while (p < text.length() && text.charAt(p) == '*') {
            p++;
        }
        return p == text.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GlobPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
