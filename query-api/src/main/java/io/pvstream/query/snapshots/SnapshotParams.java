package io.pvstream.query.snapshots;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.security.Author;
import io.pvstream.records.snapshots.SnapshotRequest;

/** How the snapshot and restore routes read their path and query parameters; anything malformed is a 400. */
final class SnapshotParams {

    private SnapshotParams() {
    }

    /** See {@link Author}. */
    static String author(Context ctx) {
        return Author.of(ctx, SnapshotRequest.MAX_NAME);
    }

    static boolean acceptsOnlyCsv(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/csv") && !accept.contains("json");
    }

    static Instant instant(Context ctx, String param) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(param + ": an ISO-8601 UTC time such as 2026-11-23T03:12:00Z (got '"
                    + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "')");
        }
    }

    static Double tolerance(Context ctx, String param) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(param + ": a finite number >= 0");
    }

    /**
     * A free-text filter, null when blank; 400 with a control character (PostgreSQL refuses a NUL in text, which
     * would otherwise come back as a 503).
     */
    static String text(Context ctx, String param) {
        String text = blankToNull(ctx.queryParam(param));
        if (text != null && text.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(param + ": no control characters");
        }
        return text;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The {@code {id}} path parameter, a lower-case UUID (snapshot and job ids alike). */
    static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!isUuid(id)) {
            throw ApiException.badRequest("id: must be a snapshot id (a lower-case UUID), as the API returned it");
        }
        return id;
    }

    static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
