package io.pvstream.records.catalog;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pvstream.records.buffer.EntityKind;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;

/** Configurations: {@code /api/v1/configurations}. */
public final class ConfigurationKind implements EntityKind<Configuration, ConfigurationInput> {

    static final String PATH = "/api/v1/configurations";

    private final int maxPvs;
    private final ObjectMapper mapper;

    public ConfigurationKind(int maxPvs, ObjectMapper mapper) {
        this.maxPvs = maxPvs;
        this.mapper = mapper;
    }

    @Override
    public String type() {
        return ConfigurationWrites.ENTITY_TYPE;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Class<Configuration> entityClass() {
        return Configuration.class;
    }

    @Override
    public ConfigurationInput parse(JsonNode body, String pathId) {
        return OpsRequests.configuration(body, pathId, maxPvs);
    }

    @Override
    public Write create(TxDraft draft, String id, ConfigurationInput input) {
        return ConfigurationWrites.create(draft, id, input, mapper);
    }

    @Override
    public Write update(TxDraft draft, Configuration current, List<Configuration> known, ConfigurationInput input) {
        return ConfigurationWrites.update(draft, current, known, input, mapper);
    }

    @Override
    public Write delete(TxDraft draft, Configuration current, List<Configuration> known) {
        return ConfigurationWrites.delete(draft, current, known, mapper);
    }
}
