package io.pvstream.records.history;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A statistic of a history bin, over the numeric values (double, long, enum index) archived in it. */
public enum Stat {
    MEAN, MIN, MAX, COUNT, FIRST, LAST;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code mean,max} → those; null or blank → all.
     *
     * @throws IllegalArgumentException naming the unknown one
     */
    public static Set<Stat> parseList(String text) {
        if (text == null || text.isBlank()) {
            return EnumSet.allOf(Stat.class);
        }
        Set<Stat> stats = EnumSet.noneOf(Stat.class);
        for (String part : text.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                stats.add(Stat.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stat: '" + shorten(part.strip())
                        + "' is not one of mean, min, max, count, first, last");
            }
        }
        return stats;
    }

    private static String shorten(String text) {
        return text.length() <= 20 ? text : text.substring(0, 17) + "...";
    }
}
