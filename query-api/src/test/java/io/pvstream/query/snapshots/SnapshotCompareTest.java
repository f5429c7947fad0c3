package io.pvstream.query.snapshots;

import static io.pvstream.query.snapshots.SnapshotTestValues.array;
import static io.pvstream.query.snapshots.SnapshotTestValues.disconnected;
import static io.pvstream.query.snapshots.SnapshotTestValues.enumValue;
import static io.pvstream.query.snapshots.SnapshotTestValues.neverSeen;
import static io.pvstream.query.snapshots.SnapshotTestValues.number;
import static io.pvstream.query.snapshots.SnapshotTestValues.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.records.snapshots.SnapshotCompare.Outcome;
import io.pvstream.records.snapshots.SnapshotCompare.Result;
import io.pvstream.records.snapshots.SnapshotCompare.Tolerance;
import io.pvstream.records.snapshots.SnapshotCompare;
import io.pvstream.records.snapshots.SnapshotValue;

class SnapshotCompareTest {

    @Test
    void summaryCountsEachOutcomeAndListsTheDifferencesFirst() {
        List<SnapshotValue> saved = List.of(number("A", 1.0), number("B", 2.0), number("C", 3.0), number("D", 4.0),
                neverSeen("E"));
        Map<String, SnapshotValue> live = Map.of("A", number("A", 1.0), "B", number("B", 2.5),
                "C", disconnected("C", 3.0), "E", number("E", 1.0));

        Result result = SnapshotCompare.compare(saved, live, Tolerance.NONE);

        assertThat(result.total()).isEqualTo(5);
        assertThat(result.equal()).isEqualTo(1);
        assertThat(result.different()).isEqualTo(1);
        assertThat(result.missing()).as("D absent live, E never seen when saved").isEqualTo(2);
        assertThat(result.disconnected()).isEqualTo(1);
        assertThat(result.items()).extracting(SnapshotCompare.Item::pv).containsExactly("B", "D", "E", "C", "A");
        assertThat(result.items().get(0).delta()).isEqualTo(0.5);
    }

    @Test
    void theConfigurationsToleranceAppliesUnlessTheQueryGivesOne() {
        SnapshotValue saved = number("A", 100.0).withSettings(0.5, null, false);
        Map<String, SnapshotValue> live = Map.of("A", number("A", 100.4));

        assertThat(SnapshotCompare.compare(List.of(saved), live, Tolerance.NONE).equal()).isEqualTo(1);
        assertThat(SnapshotCompare.compare(List.of(saved), live, new Tolerance(0.1, null)).different()).isEqualTo(1);
        assertThat(SnapshotCompare.compare(List.of(saved), live, new Tolerance(null, 0.01)).equal())
                .as("1 %% of 100").isEqualTo(1);
    }

    @Test
    void ratioIsTheDeltaOverTheWiderToleranceAndDeviationSortsByIt() {
        List<SnapshotValue> saved = List.of(number("A", 100.0).withSettings(1.0, null, false),
                number("B", 100.0).withSettings(0.5, 0.01, false), number("C", 100.0), number("D", 5.0),
                number("E", 7.0).withSettings(1.0, null, false));
        Map<String, SnapshotValue> live = Map.of("A", number("A", 103.0), "B", number("B", 110.0),
                "C", number("C", 100.5), "D", number("D", 5.0), "E", number("E", 7.5));

        Result result = SnapshotCompare.compare(saved, live, Tolerance.NONE);

        Map<String, SnapshotCompare.Item> byName = new java.util.HashMap<>();
        result.items().forEach(item -> byName.put(item.pv(), item));
        assertThat(byName.get("A").ratio()).isEqualTo(3.0);
        assertThat(byName.get("B").ratio()).as("1 %% of 100 is wider than 0.5").isEqualTo(10.0);
        assertThat(byName.get("C").ratio()).as("no tolerance: exact, no ratio").isNull();
        assertThat(byName.get("E").ratio()).as("within tolerance").isEqualTo(0.5);
        assertThat(result.items().stream().sorted(SnapshotCompare.BY_DEVIATION).map(SnapshotCompare.Item::pv))
                .as("differing first, an exact PV's difference before any ratio, then the equal by ratio")
                .containsExactly("C", "B", "A", "E", "D");
    }

    @Test
    void exactWithoutToleranceAndNanEqualsNan() {
        Tolerance none = Tolerance.NONE;
        assertThat(SnapshotCompare.equal(number("A", 1.0), number("A", 1.0 + 1e-12), none)).isFalse();
        assertThat(SnapshotCompare.equal(number("A", Double.NaN), number("A", Double.NaN), none)).isTrue();
        assertThat(SnapshotCompare.equal(number("A", Double.NaN), number("A", 0.0), new Tolerance(1e9, null))).isFalse();
        assertThat(SnapshotCompare.equal(number("A", 0.0), number("A", 1e-9), new Tolerance(null, 0.5)))
                .as("relative tolerance at zero is zero").isFalse();
    }

    @Test
    void arraysCompareElementWiseAndByLength() {
        Tolerance small = new Tolerance(0.01, null);
        assertThat(SnapshotCompare.equal(array("W", 1, 2, 3), array("W", 1, 2.005, 3), small)).isTrue();
        assertThat(SnapshotCompare.equal(array("W", 1, 2, 3), array("W", 1, 2.5, 3), small)).isFalse();
        assertThat(SnapshotCompare.equal(array("W", 1, 2, 3), array("W", 1, 2), small)).isFalse();
    }

    @Test
    void enumsCompareByIndexAndStringsExactly() {
        assertThat(SnapshotCompare.equal(enumValue("E", 1, "ON"), enumValue("E", 1, "On"), Tolerance.NONE)).isTrue();
        assertThat(SnapshotCompare.equal(enumValue("E", 1, "ON"), enumValue("E", 0, "OFF"), Tolerance.NONE)).isFalse();
        assertThat(SnapshotCompare.equal(of("S", "abc"), of("S", "abc"), Tolerance.NONE)).isTrue();
        assertThat(SnapshotCompare.equal(of("S", "abc"), of("S", "abd"), new Tolerance(1.0, 1.0))).isFalse();
        assertThat(SnapshotCompare.outcome(of("S", "abc"), number("S", 1.0), Tolerance.NONE))
                .as("a string against a number").isEqualTo(Outcome.DIFFERENT);
    }

    @Test
    void longAndDoubleOfTheSameNumberAreEqual() {
        assertThat(SnapshotCompare.equal(of("L", 5L), number("L", 5.0), Tolerance.NONE)).isTrue();
    }
}
