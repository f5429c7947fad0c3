package io.pvstream.records.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of one item the API returns: {@code {"id", "txId", "state", ...the entity}}. */
public final class Items {

    public static final String STATE = "state";

    private Items() {
    }

    public static ObjectNode of(JsonNode entity, ItemState state) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.set("id", entity.get("id"));
        item.set("txId", entity.get("txId"));
        item.put(STATE, state.json());
        entity.fields().forEachRemaining(field -> {
            if (!field.getKey().equals(STATE)) {
                item.set(field.getKey(), field.getValue());
            }
        });
        return item;
    }

    public static String id(JsonNode item) {
        return item.path("id").asText();
    }

    public static String name(JsonNode item) {
        return item.path("name").asText();
    }
}
