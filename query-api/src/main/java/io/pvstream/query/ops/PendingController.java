package io.pvstream.query.ops;

import java.util.Map;
import java.util.Set;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.records.buffer.PendingOverlay;

/**
 * The internal endpoints through which instances read each other's part of the pending store. Only
 * {@link PendingOverlay} calls them.
 */
final class PendingController {

    static final String ENTITY_PATH = PendingOverlay.ENTITY_PATH + "{entityId}";
    static final String TYPE_PATH = PendingOverlay.TYPE_PATH;
    static final String SUMMARY_PATH = PendingOverlay.SUMMARY_PATH;
    /** Entity ids are UUIDs (36) or key hashes (64 hex); well above both. */
    static final int MAX_ENTITY_ID_LENGTH = 200;

    private final PendingOverlay overlay;

    PendingController(PendingOverlay overlay) {
        this.overlay = overlay;
    }

    /**
     * {@code GET .../pending/{entityId}?types=}: the entries of an entity this instance owns; 503 if it does not.
     * With {@code types} (comma-separated), only entries of those types carry their entity.
     */
    void entity(Context ctx) {
        String entityId = ctx.pathParam("entityId");
        if (entityId.length() > MAX_ENTITY_ID_LENGTH
                || entityId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw ApiException.badRequest("entityId: at most " + MAX_ENTITY_ID_LENGTH
                    + " characters, no white space or control characters");
        }
        if (!overlay.ownsLocally(entityId)) {
            // the caller took us for the owner: ownership is moving; it retries rather than being misled
            throw ApiException.unavailable("this instance does not hold the pending writes of " + entityId + " now");
        }
        String types = ctx.queryParam("types");
        ctx.json(Map.of("items", overlay.localForEntity(entityId,
                types == null ? null : Set.of(types.split(",", -1)))));
    }

    /** {@code GET .../pending?type=&listForm=}: this instance's entries of one entity type. */
    void ofType(Context ctx) {
        String type = ctx.queryParamAsClass("type", String.class).get();
        // strict: Javalin's Boolean conversion reads "maybe" as false
        boolean listForm = ctx.queryParamAsClass("listForm", String.class)
                .check(text -> text.equals("true") || text.equals("false"), "true or false")
                .getOrDefault("false").equals("true");
        ctx.json(Map.of("items", overlay.localOfType(type, listForm)));
    }

    /** {@code GET .../summary}: counts over this instance's entries. */
    void summary(Context ctx) {
        ctx.json(overlay.localSummary());
    }
}
