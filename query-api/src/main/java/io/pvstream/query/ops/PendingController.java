package io.pvstream.query.ops;

import java.util.Map;

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

    private final PendingOverlay overlay;

    PendingController(PendingOverlay overlay) {
        this.overlay = overlay;
    }

    /** {@code GET .../pending/{entityId}}: the entries of an entity this instance owns; 503 if it does not. */
    void entity(Context ctx) {
        String entityId = ctx.pathParam("entityId");
        if (!overlay.ownsLocally(entityId)) {
            // the caller took us for the owner: ownership is moving; it retries rather than being misled
            throw ApiException.unavailable("this instance does not hold the pending writes of " + entityId + " now");
        }
        ctx.json(Map.of("items", overlay.localForEntity(entityId)));
    }

    /** {@code GET .../pending?type=&listForm=}: this instance's entries of one entity type. */
    void ofType(Context ctx) {
        String type = ctx.queryParamAsClass("type", String.class).get();
        boolean listForm = ctx.queryParamAsClass("listForm", Boolean.class).getOrDefault(false);
        ctx.json(Map.of("items", overlay.localOfType(type, listForm)));
    }

    /** {@code GET .../summary}: counts over this instance's entries. */
    void summary(Context ctx) {
        ctx.json(overlay.localSummary());
    }
}
