package io.pvstream.query.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import io.pvstream.query.http.ApiException;
import io.pvstream.records.Page;
import io.pvstream.streams.restore.OutcomeCategory;
import io.pvstream.records.restore.PvResultView;

/**
 * The order and the pages of a job's results: what needs a look first (failed, then not verified, then awaiting a
 * retry, skipped, verified), by PV name within each. The cursor names the last item of a page (category and name),
 * so a page is correct although results keep arriving; a PV whose category changed between two pages may be seen
 * twice or not at all, as with any listing of live data.
 */
final class ResultPaging {

    static final Comparator<PvResultView> ORDER = Comparator
            .comparingInt((PvResultView result) -> rank(result.category()))
            .thenComparing(PvResultView::pvName);

    private ResultPaging() {
    }

    /** Up to {@code limit} results after {@code cursor} (null: from the start) of {@code all}, in {@link #ORDER}. */
    static Page<PvResultView> page(List<PvResultView> all, String cursor, int limit) {
        List<PvResultView> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        int from = 0;
        if (cursor != null) {
            PvResultView after = decode(cursor);
            while (from < sorted.size() && ORDER.compare(sorted.get(from), after) <= 0) {
                from++;
            }
        }
        int to = Math.min(sorted.size(), from + limit);
        List<PvResultView> items = List.copyOf(sorted.subList(from, to));
        String next = to < sorted.size() ? encode(items.get(items.size() - 1)) : null;
        return new Page<>(items, next);
    }

    static String encode(PvResultView last) {
        String plain = rank(last.category()) + ":" + last.pvName();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, as a result to compare with; 400 if it is not one of ours. */
    private static PvResultView decode(String cursor) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor: not a cursor of this listing");
        }
        int colon = plain.indexOf(':');
        OutcomeCategory[] categories = OutcomeCategory.values();
        try {
            int rank = Integer.parseInt(plain.substring(0, Math.max(colon, 0)));
            if (rank < 0 || rank >= categories.length) {
                throw new NumberFormatException();
            }
            return new PvResultView(plain.substring(colon + 1), categories[rank].name(), null, 0, null, null, null,
                    0, null, null, 0);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("cursor: not a cursor of this listing");
        }
    }

    private static int rank(String category) {
        return OutcomeCategory.valueOf(category).ordinal();
    }
}
