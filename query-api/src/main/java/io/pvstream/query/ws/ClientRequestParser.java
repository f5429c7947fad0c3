package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.ws.ClientRequest.Invalid;

/** Turns a client's text message into a {@link ClientRequest}; never throws. */
final class ClientRequestParser {

    static final int MAX_NAME_LENGTH = 1000;
    /** Subscription kinds reserved for later (restore-job progress): answered "unsupported" today. */
    static final String JOBS = "jobs";

    private final ObjectMapper mapper;
    private final int maxEntriesPerMessage;

    /** @param maxEntriesPerMessage most names + patterns in one message (the subscription limit) */
    ClientRequestParser(ObjectMapper mapper, int maxEntriesPerMessage) {
        this.mapper = mapper;
        this.maxEntriesPerMessage = maxEntriesPerMessage;
    }

    ClientRequest parse(String text) {
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return new Invalid(null, ClientRequest.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
        if (message == null || !message.isObject()) {
            return new Invalid(null, ClientRequest.BAD_REQUEST, "a message is a JSON object with a \"type\"");
        }
        String id = message.path("id").isValueNode() ? message.path("id").asText() : null;
        String type = message.path("type").asText("");
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return new Invalid(id, ClientRequest.BAD_REQUEST, "unknown type '" + type + "': subscribe or unsubscribe");
        }
        if (message.has(JOBS)) {
            return new Invalid(id, ClientRequest.UNSUPPORTED, "jobs subscriptions are not available yet");
        }
        List<String> pvs = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        String problem = strings(message, "pvs", pvs);
        if (problem == null) {
            problem = strings(message, "patterns", patterns);
        }
        if (problem != null) {
            return new Invalid(id, ClientRequest.BAD_REQUEST, problem);
        }
        if (pvs.isEmpty() && patterns.isEmpty()) {
            return new Invalid(id, ClientRequest.BAD_REQUEST, "give \"pvs\" and/or \"patterns\"");
        }
        if (pvs.size() + patterns.size() > maxEntriesPerMessage) {
            return new Invalid(id, ClientRequest.LIMIT_EXCEEDED, "at most " + maxEntriesPerMessage
                    + " names and patterns per message (got " + (pvs.size() + patterns.size()) + ")");
        }
        for (String pv : pvs) {
            if (GlobPattern.hasWildcard(pv)) {
                return new Invalid(id, ClientRequest.BAD_REQUEST, "'" + pv + "' has a wildcard: put it in \"patterns\"");
            }
        }
        return type.equals("subscribe") ? new ClientRequest.Subscribe(id, pvs, patterns)
                : new ClientRequest.Unsubscribe(id, pvs, patterns);
    }

    /** Reads an optional array of plausible names into {@code into}; returns what is wrong, or null. */
    private static String strings(JsonNode message, String field, List<String> into) {
        JsonNode array = message.path(field);
        if (array.isMissingNode() || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            return "\"" + field + "\" must be an array of strings";
        }
        for (JsonNode item : array) {
            if (!item.isTextual() || !isPlausibleName(item.asText())) {
                return "\"" + field + "\" must hold strings of 1 to " + MAX_NAME_LENGTH
                        + " characters without control characters (got " + abbreviate(item.toString()) + ")";
            }
            into.add(item.asText());
        }
        return null;
    }

    private static boolean isPlausibleName(String name) {
        return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
