package io.pvstream.records.db;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.pvstream.records.DomainException.Invalid;

/**
 * A position in a listing: the (name, id) of the last item of a page. Names are not unique, so the id breaks
 * ties. Clients see it as an opaque string ({@code next}, passed back as {@code after}).
 */
public record ListCursor(String name, String id) {

    // Names are validated to hold no control characters, so NUL cannot occur in one.
    private static final char SEPARATOR = '\0';

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((name + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@code after}; null for null or empty; 400 if it is not one of ours. */
    public static ListCursor decode(String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid("after: not a cursor returned as next");
        }
        int separator = text.lastIndexOf(SEPARATOR);
        if (separator < 0) {
            throw new Invalid("after: not a cursor returned as next");
        }
        String name = text.substring(0, separator);
        String id = text.substring(separator + 1);
        // base64 of anything with a NUL in it decodes to "a cursor": only ours hold a name and an id without control
        // characters (names are validated so), the id never empty
        if (id.isEmpty() || (name + id).chars().anyMatch(Character::isISOControl)) {
            throw new Invalid("after: not a cursor returned as next");
        }
        return new ListCursor(name, id);
    }
}
