package io.pvstream.query.http;

import io.javalin.http.Context;

/** The query parameters of listings in name order ({@code ?prefix=&after=&limit=}); a bad limit is a 400. */
public final class ListParams {

    private ListParams() {
    }

    public static int limit(Context ctx, int defaultLimit, int max) {
        return ctx.queryParamAsClass("limit", Integer.class)
                .check(limit -> limit >= 1 && limit <= max, "must be between 1 and " + max)
                .getOrDefault(defaultLimit);
    }

    /** Names starting with it; "" for all. */
    public static String prefix(Context ctx) {
        String prefix = ctx.queryParam("prefix");
        return prefix == null ? "" : prefix;
    }

    /** The cursor: the last name of the previous page, or null for the first page. */
    public static String after(Context ctx) {
        String after = ctx.queryParam("after");
        return after == null || after.isEmpty() ? null : after;
    }
}
