package io.pvstream.records.snapshots;

import java.util.Locale;

/** What a snapshot knew of one PV when it was taken. */
public enum SavedState {
    /** Connected, value saved. */
    OK,
    /** Disconnected: its last value is saved, but it may be stale (never restored). */
    DISCONNECTED,
    /** No value known: not monitored, or never connected. */
    NEVER_SEEN;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SavedState fromJson(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
