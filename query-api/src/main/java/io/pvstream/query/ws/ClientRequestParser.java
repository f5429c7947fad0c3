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
        List<String> pvs = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        String problem = strings(message, "pvs", pvs);
        if (problem == null) {
            problem = strings(message, "patterns", patterns);
        }
        if (problem == null) {
            problem = strings(message, "jobs", jobs);
        }
        if (problem != null) {
            return new Invalid(id, ClientRequest.BAD_REQUEST, problem);
        }
        int entries = pvs.size() + patterns.size() + jobs.size();
        if (entries == 0) {
            return new Invalid(id, ClientRequest.BAD_REQUEST, "give \"pvs\", \"patterns\" and/or \"jobs\"");
        }
        if (entries > maxEntriesPerMessage) {
            return new Invalid(id, ClientRequest.LIMIT_EXCEEDED, "at most " + maxEntriesPerMessage
                    + " names, patterns and jobs per message (got " + entries + ")");
        }
        for (String pv : pvs) {
            if (GlobPattern.hasWildcard(pv)) {
                return new Invalid(id, ClientRequest.BAD_REQUEST, "'" + pv + "' has a wildcard: put it in \"patterns\"");
            }
        }
        for (String job : jobs) {
            if (!job.equals(JobSubscriptions.ALL) && GlobPattern.hasWildcard(job)) {
                return new Invalid(id, ClientRequest.BAD_REQUEST, "job '" + job + "': a job id, or \"*\" for all");
            }
        }
        return type.equals("subscribe") ? new ClientRequest.Subscribe(id, pvs, patterns, jobs)
                : new ClientRequest.Unsubscribe(id, pvs, patterns, jobs);
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
