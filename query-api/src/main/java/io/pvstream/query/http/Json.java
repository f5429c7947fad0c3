package io.pvstream.query.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one place the JSON mapper is configured. */
public final class Json {

    private Json() {
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                // Instances of different versions talk to each other: tolerate fields added later.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // {"name":"x"}}} is not a JSON document: without this, readTree read the first value and ignored the rest
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
