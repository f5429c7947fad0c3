package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.ws.ClientRequest.Invalid;
import io.pvstream.query.ws.ClientRequest.Subscribe;
import io.pvstream.query.ws.ClientRequest.Unsubscribe;

class ClientRequestParserTest {

    private final ClientRequestParser parser = new ClientRequestParser(new ObjectMapper(), 3);

    private Invalid invalid(String text) {
        ClientRequest request = parser.parse(text);
        assertThat(request).isInstanceOf(Invalid.class);
        return (Invalid) request;
    }

    @Test
    void subscribeWithNamesPatternsAndAnId() {
        assertThat(parser.parse("{\"type\":\"subscribe\",\"id\":\"7\",\"pvs\":[\"SIM:A\"],\"patterns\":[\"SIM:B*\"]}"))
                .isEqualTo(new Subscribe("7", List.of("SIM:A"), List.of("SIM:B*")));
        assertThat(parser.parse("{\"type\":\"unsubscribe\",\"patterns\":[\"SIM:B*\"]}"))
                .isEqualTo(new Unsubscribe(null, List.of(), List.of("SIM:B*")));
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertThat(invalid("{\"type\":").error()).isEqualTo(ClientRequest.BAD_REQUEST);
        assertThat(invalid("{\"type\":").message()).startsWith("malformed JSON");
        assertThat(invalid("[1,2]").error()).isEqualTo(ClientRequest.BAD_REQUEST);
        assertThat(invalid("").error()).isEqualTo(ClientRequest.BAD_REQUEST);
    }

    @Test
    void unknownTypeIsNamedAndTheIdIsKept() {
        Invalid invalid = invalid("{\"type\":\"subscrib\",\"id\":42}");
        assertThat(invalid.message()).contains("subscrib");
        assertThat(invalid.id()).isEqualTo("42");
    }

    @Test
    void jobsAreIdsOrTheWildcardAlone() {
        assertThat(parser.parse("{\"type\":\"subscribe\",\"id\":\"j\",\"jobs\":[\"*\",\"0b9e-42\"]}"))
                .isEqualTo(new Subscribe("j", List.of(), List.of(), List.of("*", "0b9e-42")));
        assertThat(parser.parse("{\"type\":\"unsubscribe\",\"jobs\":[\"0b9e-42\"]}"))
                .isEqualTo(new Unsubscribe(null, List.of(), List.of(), List.of("0b9e-42")));
        assertThat(invalid("{\"type\":\"subscribe\",\"jobs\":[\"0b9e*\"]}").message()).contains("job id");
        assertThat(invalid("{\"type\":\"subscribe\",\"jobs\":\"*\"}").message()).contains("array");
        assertThat(invalid("{\"type\":\"subscribe\",\"jobs\":[\"a\",\"b\"],\"pvs\":[\"c\",\"d\"]}").error())
                .as("jobs count toward the entries of one message").isEqualTo(ClientRequest.LIMIT_EXCEEDED);
    }

    @Test
    void namesMustBeNonBlankStringsWithoutWildcardsOrControlCharacters() {
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":\"SIM:A\"}").message()).contains("array");
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[1]}").message()).contains("strings");
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[\" \"]}").error()).isEqualTo(ClientRequest.BAD_REQUEST);
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[\"A\\u0000\"]}").error()).isEqualTo(ClientRequest.BAD_REQUEST);
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[\"" + "x".repeat(1001) + "\"]}").error())
                .isEqualTo(ClientRequest.BAD_REQUEST);
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[\"SIM:*\"]}").message()).contains("patterns");
        assertThat(invalid("{\"type\":\"subscribe\"}").message()).contains("pvs");
    }

    @Test
    void tooManyEntriesInOneMessageExceedTheLimit() {
        assertThat(invalid("{\"type\":\"subscribe\",\"pvs\":[\"A\",\"B\"],\"patterns\":[\"C*\",\"D*\"]}").error())
                .isEqualTo(ClientRequest.LIMIT_EXCEEDED);
    }
}
