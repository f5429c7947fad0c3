package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    /** A key added to a ConfigDef without regenerating the reference fails here. */
    @Test
    void committedReferenceMatchesTheCode() throws Exception {
        Path committed = Path.of("..", "docs", "configuration.md");
        assertThat(committed).exists();
        assertThat(Files.readString(committed))
                .as("docs/configuration.md is stale: run ConfigDocs (see its javadoc)")
                .isEqualTo(ConfigDocs.render());
    }
}
