package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.records.DomainException;
import io.pvstream.records.snapshots.SnapshotRequest;

class SnapshotRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aValidRequestKeepsItsPvsOnceInOrder() {
        SnapshotRequest request = parse("{\"name\":\"n\",\"comment\":\"c\",\"tags\":[\"a\",\"a\",\"b\"],"
                + "\"pvs\":[\"X:1\",\"X:2\",\"X:1\"]}");

        assertThat(request.pvs()).containsExactly("X:1", "X:2");
        assertThat(request.tags()).containsExactly("a", "b");
        assertThat(request.selection().toString()).isEqualTo("{\"pvs\":2}");
    }

    @Test
    void everyProblemIsReportedInOne400() {
        assertThatThrownBy(() -> parse("{\"name\":\" \",\"pvs\":[\"bad name\"],\"pattern\":\"X:*\",\"extra\":1}"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage())
                        .contains("extra: unknown field").contains("name: must be a non-blank string")
                        .contains("exactly one way").contains("pvs[0]"));
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> SnapshotRequest.parse(json("{\"name\":\"n\",\"pvs\":[\"A\",\"B\",\"C\"]}"), 2))
                .hasMessageContaining("at most 2 PVs");
        assertThatThrownBy(() -> parse("{\"name\":\"n\",\"configurationId\":\"not-a-uuid\"}"))
                .hasMessageContaining("configurationId");
        assertThatThrownBy(() -> parse("{\"name\":\"a\\u0000b\",\"pattern\":\"X:*\"}"))
                .hasMessageContaining("control characters");
    }

    @Test
    void asOfIsAPastTimeInMillisecondsWithPvsOrAConfiguration() {
        java.time.Instant now = java.time.Instant.parse("2026-11-23T12:00:00Z");
        SnapshotRequest past = SnapshotRequest.parse(json("{\"name\":\"n\",\"pvs\":[\"X:1\"],"
                + "\"asOf\":\"2026-11-23T03:12:00.123456789Z\"}"), 1000, now);
        assertThat(past.asOf()).isEqualTo(java.time.Instant.parse("2026-11-23T03:12:00.123Z"));
        assertThat(parse("{\"name\":\"n\",\"pvs\":[\"X:1\"]}").asOf()).as("live").isNull();

        assertThatThrownBy(() -> SnapshotRequest.parse(json("{\"name\":\"n\",\"pvs\":[\"X:1\"],"
                + "\"asOf\":\"2026-11-24T00:00:00Z\"}"), 1000, now)).hasMessageContaining("in the future");
        assertThatThrownBy(() -> parse("{\"name\":\"n\",\"pvs\":[\"X:1\"],\"asOf\":\"03:12\"}"))
                .hasMessageContaining("asOf: an ISO-8601");
        assertThatThrownBy(() -> parse("{\"name\":\"n\",\"pattern\":\"X:*\",\"asOf\":\"2026-01-01T00:00:00Z\"}"))
                .hasMessageContaining("not pattern");
    }

    private static SnapshotRequest parse(String body) {
        return SnapshotRequest.parse(json(body), 1000);
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
