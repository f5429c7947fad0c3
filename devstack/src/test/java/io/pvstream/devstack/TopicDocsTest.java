package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;

class TopicDocsTest {

    /** A topic, group or store added without regenerating the reference fails here. */
    @Test
    void committedReferenceMatchesTheCode() throws Exception {
        String now = render();
        Path committed = Path.of("..", "docs", "topics.md");
        assertThat(committed).exists();
        assertThat(Files.readString(committed))
                .as("docs/topics.md is stale: run TopicDocs (see its javadoc), e.g. "
                        + "mvn -B -q -pl devstack -am test -Dtest=TopicDocsTest -Dpvstream.topics.write=true")
                .isEqualTo(now);
    }

    @Test
    void everyTopicAndTheStreamsGroupAreListed() {
        String docs = TopicDocs.render();
        Topics.all(6).stream().filter(t -> !t.name().startsWith(Topics.OPS_APPLY_PREFIX)
                        && !t.name().startsWith(Topics.OPS_CDC_PREFIX))
                .forEach(topic -> assertThat(docs).contains("| `" + topic.name() + "` |"));
        assertThat(docs).contains("| `pvstream` |", "`pvstream-pv-latest-changelog`", "--describe --group pvstream");
        assertThat(TopicDocs.duration(3_600_000)).isEqualTo("1 h");
        assertThat(TopicDocs.duration(7 * 86_400_000L)).isEqualTo("7 d");
    }

    private static String render() throws Exception {
        String now = TopicDocs.render();
        if (Boolean.getBoolean("pvstream.topics.write")) {
            Files.writeString(Path.of("..", "docs", "topics.md"), now);
        }
        return now;
    }
}
