package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.records.DomainException;
import io.pvstream.records.catalog.ConfigurationInput;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.records.catalog.OpsRequests;
import io.pvstream.records.catalog.TagInput;

/** Validation of write bodies. */
class OpsRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aValidConfigurationKeepsEveryFieldAndDefaultsReadOnlyToFalse() {
        ConfigurationInput input = OpsRequests.configuration(json("{\"name\":\"Linac\",\"description\":null,"
                + "\"pvs\":[{\"name\":\"SIM:A\",\"toleranceAbs\":0.5},{\"name\":\"SIM:B\",\"toleranceRel\":0,"
                + "\"readOnly\":true}]}"), null, 10);
        assertThat(input.name()).isEqualTo("Linac");
        assertThat(input.description()).isNull();
        assertThat(input.pvs()).containsExactly(new ConfigurationPv("SIM:A", 0.5, null, false),
                new ConfigurationPv("SIM:B", null, 0.0, true));
    }

    @Test
    void pvsMayBePlainNamesObjectsOrBothMixed() {
        ConfigurationInput plain = OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":[\"SIM:A\",\"SIM:B\"]}"),
                null, 10);
        assertThat(plain.pvs()).containsExactly(new ConfigurationPv("SIM:A", null, null, false),
                new ConfigurationPv("SIM:B", null, null, false));
        ConfigurationInput mixed = OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":[\"SIM:A\","
                + "{\"name\":\"SIM:B\",\"toleranceAbs\":0.5,\"readOnly\":true}]}"), null, 10);
        assertThat(mixed.pvs()).containsExactly(new ConfigurationPv("SIM:A", null, null, false),
                new ConfigurationPv("SIM:B", 0.5, null, true));
    }

    @Test
    void pvsMayBeOneStringOfNamesAsOperatorsPasteThem() {
        ConfigurationInput pasted = OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":"
                + "\"SIM:A\\nSIM:B\\r\\n  SIM:C, SIM:D;1,\\\"SIM:E\\\"\\t\\n\"}"), null, 10);
        assertThat(pasted.pvs()).extracting(ConfigurationPv::name)
                .containsExactly("SIM:A", "SIM:B", "SIM:C", "SIM:D;1", "SIM:E");
        assertThat(pasted.pvs()).allMatch(pv -> !pv.readOnly() && pv.toleranceAbs() == null);
        assertThat(OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":\"  \"}"), null, 10).pvs()).isEmpty();
        // the pasted form is checked like the array: duplicates, bad names and the size limit
        assertThat(reason("{\"name\":\"a\",\"pvs\":\"SIM:A SIM:A\"}", null)).contains("pvs: duplicate PV names SIM:A");
        assertThat(reason("{\"name\":\"a\",\"pvs\":\"SIM:A SIM:\\u0000X\"}", null))
                .contains("pvs[1]: must be 1 to 256 characters");
        assertThatThrownBy(() -> OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":\"A,B,C\"}"), null, 2))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(413));
    }

    @Test
    void aPvThatIsNeitherANameNorAnObjectIsNamedInTheError() {
        assertThat(reason("{\"name\":\"a\",\"pvs\":[\"SIM:A\",42,\"\",[\"SIM:B\"]]}", null))
                .contains("pvs[1]: must be a PV name or an object", "pvs[2]: must be 1 to 256 characters",
                        "pvs[3]: must be a PV name or an object");
        assertThat(reason("{\"name\":\"a\",\"pvs\":42}", null)).contains("pvs: must be an array");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> OpsRequests.configuration(json("{\"name\":\"\",\"pvs\":[{\"name\":\"SIM A\"},"
                + "{\"name\":\"SIM:B\",\"toleranceAbs\":-1},{\"name\":\"SIM:B\",\"toleranceRel\":\"x\"},{},"
                + "{\"name\":\"SIM:C\",\"tolerance_abs\":1}]}"), null, 10))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400);
                    assertThat(e.getMessage()).contains("name: must be a non-blank string",
                            "pvs[0].name: must be 1 to 256 characters without whitespace",
                            "pvs[1].toleranceAbs: must be a finite number >= 0", "pvs[2].toleranceRel",
                            "pvs[3].name: required", "pvs[4].tolerance_abs: unknown field",
                            "pvs: duplicate PV names SIM:B");
                });
    }

    @Test
    void limitsOfNamesAndIds() {
        assertThat(reason("{\"name\":\"" + "x".repeat(201) + "\"}", null)).contains("name: at most 200 characters");
        assertThat(reason("{\"name\":\"a\",\"pvs\":[{\"name\":\"" + "P".repeat(257) + "\"}]}", null))
                .contains("pvs[0].name: must be 1 to 256");
        assertThat(reason("{\"name\":\"a\\u0007b\"}", null)).contains("control characters");
        assertThat(reason("{\"name\":\"a\",\"id\":\"x\"}", null)).contains("id: chosen by the server");
        assertThat(reason("{\"name\":\"a\",\"id\":\"other\"}", "this")).contains("id: must be the id of the URL");
        assertThat(reason("{\"name\":\"a\",\"colour\":\"red\"}", null)).contains("colour: unknown field");
        assertThat(reason("{\"name\":\"a\",\"pvs\":{}}", null)).contains("pvs: must be an array");
        // what the API returned may be sent back as is
        assertThat(OpsRequests.configuration(json("{\"id\":\"this\",\"txId\":\"t\",\"state\":\"pending\","
                + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"pvCount\":0,\"name\":\"a\"}"), "this", 10).name())
                .isEqualTo("a");
    }

    @Test
    void moreThanTheMaximumOfPvsIs413() {
        assertThatThrownBy(() -> OpsRequests.configuration(json("{\"name\":\"a\",\"pvs\":[{\"name\":\"A\"},"
                + "{\"name\":\"B\"},{\"name\":\"C\"}]}"), null, 2))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(413);
                    assertThat(e.getMessage()).contains("3 PVs", "ops.max.pvs.per.configuration");
                });
    }

    @Test
    void tagsTakeANameAndADescriptionOnly() {
        assertThat(OpsRequests.tag(json("{\"name\":\"golden\",\"description\":\"best\"}"), null))
                .isEqualTo(new TagInput("golden", "best"));
        assertThatThrownBy(() -> OpsRequests.tag(json("{\"name\":\"g\",\"pvs\":[]}"), null))
                .hasMessageContaining("pvs: unknown field");
        assertThatThrownBy(() -> OpsRequests.tag(json("{\"description\":\"x\"}"), null))
                .hasMessageContaining("name: required");
    }

    /** Text PostgreSQL would refuse (NUL) or alter (unpaired surrogates) never reaches the buffer. */
    @Test
    void namesDescriptionsAndPvNamesWithControlCharactersAreRefused() {
        assertThat(reason("{\"name\":\"a\\u0000b\"}", null)).contains("name: must not contain control characters");
        assertThat(reason("{\"name\":\"a\",\"description\":\"x\\u0000y\"}", null))
                .contains("description: must not contain control characters such as NUL");
        assertThat(reason("{\"name\":\"a\",\"description\":\"bell\\u0007\"}", null)).contains("description");
        assertThat(reason("{\"name\":\"a\",\"pvs\":[{\"name\":\"SIM:\\u0000X\"}]}", null))
                .contains("pvs[0].name: must be 1 to 256 characters without whitespace or control characters")
                .contains("SIM:\\u0000X"); // shown escaped, not as a raw NUL
        assertThat(reason("{\"name\":\"a\\ud800\"}", null)).contains("name: must be valid Unicode");
        assertThatThrownBy(() -> OpsRequests.tag(json("{\"name\":\"g\",\"description\":\"\\u0000\"}"), null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400))
                .hasMessageContaining("description: must not contain control characters");
        // a multi-line description and any printable Unicode are fine
        assertThat(OpsRequests.tag(json("{\"name\":\"g\u00e9 \\ud83d\\ude00\",\"description\":\"one\\ntwo\\tthree\\r\\n\"}"),
                null)).isEqualTo(new TagInput("g\u00e9 \ud83d\ude00", "one\ntwo\tthree\r\n"));
    }

    private static String reason(String body, String pathId) {
        try {
            OpsRequests.configuration(json(body), pathId, 10);
        } catch (DomainException e) {
            assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
