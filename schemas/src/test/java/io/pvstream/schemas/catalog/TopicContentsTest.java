package io.pvstream.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;

class TopicContentsTest {

    @Test
    void everyTopicOfThePlatformSaysWhatItHolds() {
        for (Topics.TopicSpec topic : Topics.all(3)) {
            assertThat(TopicContents.of(topic.name())).as("TopicContents entry for " + topic.name()).isPresent();
        }
    }

    @Test
    void everyAvroTopicNamesASchemaOfTheCatalog() {
        for (TopicContents.Content content : TopicContents.ALL) {
            if (content.format() == TopicContents.Format.AVRO) {
                assertThat(SchemaCatalog.get().current(content.schema())).as(content.topic()).isPresent();
            } else {
                assertThat(content.schema()).as(content.topic()).isNull();
            }
        }
    }
}
