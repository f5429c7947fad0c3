package io.pvstream.connectors;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the status document of {@code GET /connectors/{name}/status}. */
final class ConnectorStatuses {

    private static final String RUNNING = "RUNNING";
    private static final String FAILED = "FAILED";

    private ConnectorStatuses() {
    }

    /** Connector RUNNING and at least one task, every task RUNNING. */
    static boolean allRunning(JsonNode status) {
        JsonNode tasks = status.path("tasks");
        if (!RUNNING.equals(connectorState(status)) || !tasks.isArray() || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode task : tasks) {
            if (!RUNNING.equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    static boolean anyFailed(JsonNode status) {
        if (FAILED.equals(connectorState(status))) {
            return true;
        }
        for (JsonNode task : status.path("tasks")) {
            if (FAILED.equals(task.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String connectorState(JsonNode status) {
        return status.path("connector").path("state").asText();
    }
}
