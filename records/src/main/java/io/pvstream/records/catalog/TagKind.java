package io.pvstream.records.catalog;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pvstream.records.buffer.EntityKind;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;

/** Tags: {@code /api/v1/tags}. */
public final class TagKind implements EntityKind<Tag, TagInput> {

    static final String PATH = "/api/v1/tags";

    private final ObjectMapper mapper;

    public TagKind(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String type() {
        return TagWrites.ENTITY_TYPE;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Class<Tag> entityClass() {
        return Tag.class;
    }

    @Override
    public TagInput parse(JsonNode body, String pathId) {
        return OpsRequests.tag(body, pathId);
    }

    @Override
    public Write create(TxDraft draft, String id, TagInput input) {
        return TagWrites.create(draft, id, input, mapper);
    }

    @Override
    public Write update(TxDraft draft, Tag current, List<Tag> known, TagInput input) {
        return TagWrites.update(draft, current, input, mapper);
    }

    @Override
    public Write delete(TxDraft draft, Tag current, List<Tag> known) {
        return TagWrites.delete(draft, current, mapper);
    }
}
