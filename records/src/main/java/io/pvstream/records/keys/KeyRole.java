package io.pvstream.records.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do, weakest first: each role can do everything the weaker ones can (query-api's
 * {@code security.Role} is this role as Javalin's route role).
 *
 * <ul>
 *   <li>{@link #READER}: reads, when reads are closed ({@code security.reads.open=false});</li>
 *   <li>{@link #OPERATOR}: snapshots, tags, configurations;</li>
 *   <li>{@link #RESTORER}: restore jobs (start, retry) and PV writes: they change the running machine;</li>
 *   <li>{@link #ADMIN}: API keys, the audit trail, PV configuration (what is monitored), dead-letter replay.</li>
 * </ul>
 */
public enum KeyRole {
    READER, OPERATOR, RESTORER, ADMIN;

    /** Whether a key of this role may do what {@code needed} may. */
    public boolean allows(KeyRole needed) {
        return compareTo(needed) >= 0;
    }

    /** The name in JSON and in the database: lower case. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyRole> parse(String text) {
        return Arrays.stream(values()).filter(role -> role.json().equals(text)).findFirst();
    }
}
