package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ConnectorStatusesTest {

    private static JsonNode status(String connectorState, String... taskStates) throws Exception {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskStates.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"state\":\"").append(taskStates[i]).append("\"}");
        }
        return new ObjectMapper().readTree("{\"name\":\"c\",\"connector\":{\"state\":\"" + connectorState
                + "\"},\"tasks\":[" + tasks + "]}");
    }

    @Test
    void runningMeansTheConnectorAndEveryTask() throws Exception {
        assertThat(ConnectorStatuses.allRunning(status("RUNNING", "RUNNING", "RUNNING"))).isTrue();
        assertThat(ConnectorStatuses.allRunning(status("RUNNING", "RUNNING", "UNASSIGNED"))).isFalse();
        assertThat(ConnectorStatuses.allRunning(status("UNASSIGNED", "RUNNING"))).isFalse();
    }

    @Test
    void aConnectorWithoutTasksYetIsNotRunning() throws Exception {
        assertThat(ConnectorStatuses.allRunning(status("RUNNING"))).isFalse();
    }

    @Test
    void aFailedTaskOrConnectorIsAFailure() throws Exception {
        assertThat(ConnectorStatuses.anyFailed(status("RUNNING", "RUNNING", "FAILED"))).isTrue();
        assertThat(ConnectorStatuses.anyFailed(status("FAILED"))).isTrue();
        assertThat(ConnectorStatuses.anyFailed(status("RUNNING", "PAUSED"))).isFalse();
    }
}
