package io.pvstream.query.security;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.keys.Principal;

/**
 * Who made a write, as snapshots, restore jobs and operations records store it: the authenticated key's name; with
 * security off (no principal), the {@value #HEADER} header, which nothing verifies.
 */
public final class Author {

    /** The self-declared author of a write when security is off. */
    public static final String HEADER = "X-Pvstream-Author";

    private Author() {
    }

    /**
     * @return the author, or null when security is off and the header is absent
     * @throws ApiException 400 for a header longer than {@code maxLength} or with control characters
     */
    public static String of(Context ctx, int maxLength) {
        return AccessControl.principal(ctx).map(Principal::name).orElseGet(() -> declared(ctx, maxLength));
    }

    private static String declared(Context ctx, int maxLength) {
        String author = ctx.header(HEADER);
        if (author == null || author.isBlank()) {
            return null;
        }
        if (author.length() > maxLength || author.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(HEADER + ": at most " + maxLength + " characters, no control characters");
        }
        return author;
    }
}
