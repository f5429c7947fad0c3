package io.pvstream.query.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.javalin.security.RouteRole;

/**
 * What an API key may do, weakest first: each role can do everything the weaker ones can. Routes declare the
 * role they need where they are registered ({@code post(path, handler, Role.OPERATOR)}).
 *
 * <ul>
 *   <li>{@link #READER}: reads, when reads are closed ({@code security.reads.open=false});</li>
 *   <li>{@link #OPERATOR}: snapshots, tags, configurations;</li>
 *   <li>{@link #RESTORER}: restore jobs (start, retry) and PV writes: they change the running machine;</li>
 *   <li>{@link #ADMIN}: API keys, the audit trail, PV configuration (what is monitored), dead-letter replay.</li>
 * </ul>
 */
public enum Role implements RouteRole {
    READER, OPERATOR, RESTORER, ADMIN;

    /** Whether a key of this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The name in JSON and in the database: lower case. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(role -> role.json().equals(text)).findFirst();
    }
}
