package io.pvstream.query.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.query.http.ApiException;
import io.pvstream.records.Page;
import io.pvstream.records.restore.PvResultView;

class ResultPagingTest {

    private static PvResultView result(String pv, String category) {
        return new PvResultView(pv, category, null, 1, null, null, null, 0, null, null, 0);
    }

    private final List<PvResultView> all = List.of(result("A", "VERIFIED"), result("B", "FAILED"),
            result("C", "SKIPPED"), result("D", "NOT_VERIFIED"), result("E", "AWAITING_RETRY"), result("F", "FAILED"));

    @Test
    void pagesFollowTheOrderAndEndWithoutACursor() {
        Page<PvResultView> first = ResultPaging.page(all, null, 4);
        assertThat(first.items()).extracting(PvResultView::pvName).containsExactly("B", "F", "D", "E");

        Page<PvResultView> second = ResultPaging.page(all, first.next(), 4);
        assertThat(second.items()).extracting(PvResultView::pvName).containsExactly("C", "A");
        assertThat(second.next()).isNull();
    }

    @Test
    void aCursorStaysValidWhenResultsArrive() {
        Page<PvResultView> first = ResultPaging.page(all, null, 2);
        List<PvResultView> more = new java.util.ArrayList<>(all);
        more.add(result("AA", "FAILED")); // sorts before the cursor: not repeated, not shifting the page

        assertThat(ResultPaging.page(more, first.next(), 2).items()).extracting(PvResultView::pvName)
                .containsExactly("D", "E");
    }

    @Test
    void aFullLastPageSaysThereIsNoMore() {
        assertThat(ResultPaging.page(all, null, 6).next()).isNull();
        assertThat(ResultPaging.page(List.of(), null, 6).items()).isEmpty();
    }

    @Test
    void aForeignCursorIsABadRequest() {
        assertThatThrownBy(() -> ResultPaging.page(all, "bm9wZQ", 2)) // "nope"
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> ResultPaging.page(all, "OTk6WA", 2)) // "99:X"
                .isInstanceOf(ApiException.class);
    }
}
