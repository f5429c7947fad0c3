package io.pvstream.query.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.query.ApiException;
import io.pvstream.query.ops.PendingOverlay.EntityVersions;

/** A configuration with its PVs, read as {@code GET /api/v1/configurations/{id}} reads it, for other features. */
public final class ConfigurationLookup {

    private final PendingOverlay overlay;
    private final ConfirmedRows<Configuration> confirmed;
    private final ObjectMapper mapper;

    ConfigurationLookup(PendingOverlay overlay, ConfirmedRows<Configuration> confirmed, ObjectMapper mapper) {
        this.overlay = overlay;
        this.confirmed = confirmed;
        this.mapper = mapper;
    }

    /** @throws ApiException 404 if there is no such (live) configuration, 503 if nothing can tell */
    public Configuration get(String id) {
        EntityVersions versions = overlay.forEntity(id);
        ObjectNode item;
        try {
            item = StateMerge.one(versions.stored(), versions.recent(), () -> confirmed.find(id).map(found ->
                            new ConfirmedView(mapper.valueToTree(found.entity()), found.deleted(), found.source())))
                    .orElseThrow(() -> ApiException.notFound("unknown configuration " + id));
        } catch (DatabaseUnavailableException e) {
            throw ApiException.unavailable(e.getMessage() + "; configuration " + id + " has no write in the buffer");
        }
        try {
            return mapper.treeToValue(item, Configuration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration does not read back", e);
        }
    }
}
