package io.pvstream.query.security;

import java.util.Optional;

import io.javalin.security.RouteRole;
import io.pvstream.records.keys.KeyRole;

/**
 * The role of an API key ({@link KeyRole}) as Javalin's route role: routes declare the role they need where they
 * are registered ({@code post(path, handler, Role.OPERATOR)}). Same names, same order, weakest first.
 */
public enum Role implements RouteRole {
    READER(KeyRole.READER), OPERATOR(KeyRole.OPERATOR), RESTORER(KeyRole.RESTORER), ADMIN(KeyRole.ADMIN);

    private final KeyRole key;

    Role(KeyRole key) {
        this.key = key;
    }

    /** The role of an API key that may use a route declaring this role. */
    public KeyRole key() {
        return key;
    }

    public static Role of(KeyRole key) {
        return valueOf(key.name());
    }

    /** Whether a key of this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        return key.allows(needed.key);
    }

    /** The name in JSON and in the database: lower case. */
    public String json() {
        return key.json();
    }

    public static Optional<Role> parse(String text) {
        return KeyRole.parse(text).map(Role::of);
    }
}
