package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.ApiException;

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
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
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
