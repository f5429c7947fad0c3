package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.buffer.ConfirmedView;
import io.pvstream.records.buffer.ItemState;
import io.pvstream.records.buffer.Items;
import io.pvstream.records.buffer.PendingVersion;
import io.pvstream.records.buffer.StateMerge;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.db.ListCursor;
import io.pvstream.records.db.ListOrder;
import io.pvstream.records.db.ListSql;
import io.pvstream.records.db.OpsPage;

/** The rules that combine the database with pending versions. */
class StateMergeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = 1_772_366_400_000_000_000L; // 2026-03-01T12:00:00Z

    @Test
    void withoutPendingVersionsThePrimaryGivesCommittedAndTheReplicaReplicated() {
        assertThat(StateMerge.one(List.of(), List.of(), () -> Optional.of(row("tx-1", "A", T0, ConfirmedSource.PRIMARY))))
                .hasValueSatisfying(item -> assertThat(item.path("state").asText()).isEqualTo("committed"));
        assertThat(StateMerge.one(List.of(), List.of(), () -> Optional.of(row("tx-1", "A", T0, ConfirmedSource.REPLICA))))
                .hasValueSatisfying(item -> {
                    assertThat(item.path("state").asText()).isEqualTo("replicated");
                    assertThat(item.fieldNames()).toIterable().startsWith("id", "txId", "state");
                });
    }

    @Test
    void theLatestPendingVersionWinsWithItsOwnStateAndTheDatabaseIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        Optional<ObjectNode> item = StateMerge.one(
                List.of(version("tx-2", OpsOperation.UPDATE, ItemState.PENDING, T0 + 2, "B"),
                        version("tx-1", OpsOperation.CREATE, ItemState.COMMITTED, T0 + 1, "A")),
                List.of(), () -> {
                    asked.incrementAndGet();
                    return Optional.empty();
                });
        assertThat(item).hasValueSatisfying(found -> {
            assertThat(found.path("name").asText()).isEqualTo("B");
            assertThat(found.path("txId").asText()).isEqualTo("tx-2");
            assertThat(found.path("state").asText()).isEqualTo("pending");
        });
        assertThat(asked).hasValue(0);
    }

    @Test
    void aCommittedPendingVersionIsCommitted() {
        assertThat(StateMerge.one(List.of(version("tx-1", OpsOperation.UPDATE, ItemState.COMMITTED, T0, "A")), List.of(),
                Optional::empty)).hasValueSatisfying(item -> assertThat(item.path("state").asText()).isEqualTo("committed"));
    }

    @Test
    void aPendingDeleteHidesTheEntityEvenIfTheDatabaseHasIt() {
        assertThat(StateMerge.one(List.of(version("tx-1", OpsOperation.CREATE, ItemState.COMMITTED, T0, "A"),
                        version("tx-2", OpsOperation.DELETE, ItemState.PENDING, T0 + 5, "A")), List.of(),
                () -> Optional.of(row("tx-1", "A", T0, ConfirmedSource.PRIMARY)))).isEmpty();
    }

    @Test
    void aSoftDeletedRowIsAbsent() {
        ConfirmedView deleted = new ConfirmedView(entity("tx-1", "A", T0), true, ConfirmedSource.PRIMARY);
        assertThat(StateMerge.one(List.of(), List.of(), () -> Optional.of(deleted))).isEmpty();
    }

    @Test
    void aRecentWriteCountsOnlyWhileTheDatabaseHasNothingNewer() {
        PendingVersion recent = version("tx-5", OpsOperation.UPDATE, ItemState.PENDING, T0 + 2_000_000, "recent");
        // the database has an older version: the recent write is newer
        assertThat(StateMerge.one(List.of(), List.of(recent), () -> Optional.of(row("tx-4", "old", T0, ConfirmedSource.PRIMARY))))
                .hasValueSatisfying(item -> assertThat(item.path("name").asText()).isEqualTo("recent"));
        // nothing in the database (just created)
        assertThat(StateMerge.one(List.of(), List.of(recent), Optional::empty))
                .hasValueSatisfying(item -> assertThat(item.path("state").asText()).isEqualTo("pending"));
        // the database already has this very transaction
        assertThat(StateMerge.one(List.of(), List.of(recent),
                () -> Optional.of(row("tx-5", "recent", T0 + 2_000_000, ConfirmedSource.REPLICA))))
                .hasValueSatisfying(item -> assertThat(item.path("state").asText()).isEqualTo("replicated"));
        // another instance's later write reached the database
        assertThat(StateMerge.one(List.of(), List.of(recent),
                () -> Optional.of(row("tx-6", "later", T0 + 9_000_000, ConfirmedSource.PRIMARY))))
                .hasValueSatisfying(item -> assertThat(item.path("name").asText()).isEqualTo("later"));
    }

    @Test
    void anUnreachableDatabaseMattersOnlyWhenNothingElseCanAnswer() {
        PendingVersion recent = version("tx-5", OpsOperation.CREATE, ItemState.PENDING, T0, "recent");
        assertThat(StateMerge.one(List.of(), List.of(recent), StateMergeTest::down)).isPresent();
        assertThat(StateMerge.one(List.of(version("tx-1", OpsOperation.CREATE, ItemState.PENDING, T0, "A")), List.of(),
                StateMergeTest::down)).isPresent();
        assertThatThrownBy(() -> StateMerge.one(List.of(), List.of(), StateMergeTest::down))
                .isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void aPageMergesDatabaseAndPendingInNameOrderAndPagesWithACursor() {
        List<ObjectNode> database = List.of(item("id-b", "beam"), item("id-d", "dump"), item("id-f", "ffa"));
        Map<String, PendingVersion> pending = new LinkedHashMap<>();
        pending.put("id-a", listVersion("id-a", "alpha", OpsOperation.CREATE));
        pending.put("id-c", listVersion("id-c", "cavity", OpsOperation.UPDATE));
        pending.put("id-x", listVersion("id-x", "aaa-deleted", OpsOperation.DELETE));

        OpsPage first = StateMerge.page(database, pending, null, null, 3, true);
        assertThat(first.items()).extracting(Items::name).containsExactly("alpha", "beam", "cavity");
        assertThat(first.items()).extracting(item -> item.path("state").asText())
                .containsExactly("pending", "committed", "pending");
        assertThat(first.next()).isNotNull();
        assertThat(first.database()).isEqualTo("available");

        ListCursor after = ListCursor.decode(first.next());
        assertThat(after).isEqualTo(new ListCursor("cavity", "id-c"));
        // the database's next page starts after the cursor (as ListSql asks it to)
        OpsPage second = StateMerge.page(List.of(item("id-d", "dump"), item("id-f", "ffa")), pending, null, after, 3,
                true);
        assertThat(second.items()).extracting(Items::name).containsExactly("dump", "ffa");
        assertThat(second.next()).isNull();
    }

    @Test
    void aPageFiltersPendingVersionsByNameAndSaysWhenTheDatabaseIsMissing() {
        Map<String, PendingVersion> pending = Map.of("id-a", listVersion("id-a", "Alpha", OpsOperation.CREATE),
                "id-c", listVersion("id-c", "cavity", OpsOperation.CREATE));
        OpsPage page = StateMerge.page(List.of(), pending, "ALP", null, 10, false);
        assertThat(page.items()).extracting(Items::name).containsExactly("Alpha");
        assertThat(page.database()).isEqualTo("unavailable");
    }

    @Test
    void namesAreOrderedByCodePointAndTiesByIdAsPostgresCollateCDoes() {
        // U+FF5E (fullwidth tilde) sorts before U+1F600 by code point, after it in UTF-16 units
        assertThat(ListOrder.compare("\uFF5E", "a", "\uD83D\uDE00", "a")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(ListOrder.compare("same", "id-1", "same", "id-2")).isNegative();
        assertThat(ListOrder.compare("B", "x", "a", "x")).as("upper case first, as bytes").isNegative();
        assertThat(ListOrder.nameMatches("Linac Ä", "linac ä")).as("only ASCII case folds").isFalse();
        assertThat(ListOrder.nameMatches("Linac Ä", "LINAC")).isTrue();
    }

    private static Optional<ConfirmedView> down() {
        throw new DatabaseUnavailableException("down (test)");
    }

    private static ObjectNode entity(String txId, String name, long bufferedNs) {
        ObjectNode entity = MAPPER.createObjectNode();
        entity.put("id", "tag-1").put("txId", txId).put("name", name).putNull("description")
                .put("updatedAt", new TxDraft(txId, bufferedNs, null).updatedAt());
        return entity;
    }

    private static ConfirmedView row(String txId, String name, long bufferedNs, ConfirmedSource source) {
        return new ConfirmedView(entity(txId, name, bufferedNs), false, source);
    }

    private static PendingVersion version(String txId, OpsOperation operation, ItemState state, long bufferedNs,
                                          String name) {
        return new PendingVersion(txId, "tag-1", "tag", operation, state, bufferedNs, false,
                entity(txId, name, bufferedNs));
    }

    private static ObjectNode item(String id, String name) {
        ObjectNode entity = MAPPER.createObjectNode().put("id", id).put("txId", "tx-" + id).put("name", name);
        return Items.of(entity, ItemState.COMMITTED);
    }

    private static PendingVersion listVersion(String id, String name, OpsOperation operation) {
        ObjectNode entity = MAPPER.createObjectNode().put("id", id).put("txId", "tx-" + id).put("name", name);
        return new PendingVersion("tx-" + id, id, "tag", operation, ItemState.PENDING, T0, false, entity);
    }
}
