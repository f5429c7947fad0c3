package io.pvstream.records.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.DomainException.NotFound;
import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.buffer.PendingOverlay.EntityVersions;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.buffer.ConfirmedView;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.StateMerge;
import io.pvstream.records.db.DatabaseUnavailableException;

/** A configuration with its PVs, read as {@code GET /api/v1/configurations/{id}} reads it, for other features. */
public final class ConfigurationLookup {

    private final PendingOverlay overlay;
    private final ConfirmedRows<Configuration> confirmed;
    private final ObjectMapper mapper;

    public ConfigurationLookup(PendingOverlay overlay, ConfirmedRows<Configuration> confirmed, ObjectMapper mapper) {
        this.overlay = overlay;
        this.confirmed = confirmed;
        this.mapper = mapper;
    }

    /** @throws io.pvstream.records.DomainException.NotFound if there is no such (live) configuration;
     *         {@link io.pvstream.records.DomainException.Unavailable} if nothing can tell */
    public Configuration get(String id) {
        EntityVersions versions = overlay.forEntity(id);
        ObjectNode item;
        try {
            item = StateMerge.one(versions.stored(), versions.recent(), () -> confirmed.find(id).map(found ->
                            new ConfirmedView(mapper.valueToTree(found.entity()), found.deleted(), found.source())))
                    .orElseThrow(() -> new NotFound("unknown configuration " + id));
        } catch (DatabaseUnavailableException e) {
            throw new Unavailable(e.getMessage() + "; configuration " + id + " has no write in the buffer");
        }
        try {
            return mapper.treeToValue(item, Configuration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration does not read back", e);
        }
    }
}
