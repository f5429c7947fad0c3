package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import io.pvstream.records.Page;

class PageTest {

    @Test
    void mergesInNameOrderAndCutsAtLimit() {
        Page<String> page = Page.merge(List.of(List.of("b", "d", "f"), List.of("a", "c"), List.of()),
                Function.identity(), 4);

        assertThat(page.items()).containsExactly("a", "b", "c", "d");
        assertThat(page.next()).isEqualTo("d");
    }

    @Test
    void noNextWhenEverythingFits() {
        Page<String> page = Page.merge(List.of(List.of("b"), List.of("a")), Function.identity(), 2);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.next()).isNull();
    }

    @Test
    void aPvSeenOnTwoInstancesMidRebalanceAppearsOnce() {
        Page<String> page = Page.merge(List.of(List.of("a", "b"), List.of("b", "c")), Function.identity(), 10);

        assertThat(page.items()).containsExactly("a", "b", "c");
    }
}
