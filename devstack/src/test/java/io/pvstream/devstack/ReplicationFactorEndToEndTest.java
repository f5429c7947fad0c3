package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.ReplicationCheck.ClusterTooSmallException;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.TopicLayout;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommonConfig;

/**
 * Topic replication as configuration, against a real one-broker KRaft cluster: a replication factor of 3 is refused
 * before anything is created, with a message that says why and what to change; a configured min.insync.replicas is
 * set on the topics the platform creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationFactorEndToEndTest {

    @TempDir
    static Path dir;
    private EmbeddedKafka kafka;
    private Admin admin;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        admin = Admin.create(Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void queryApiRefusesReplicationFactorThreeOnOneBrokerAndCreatesNothing() throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        overrides.put(CommonConfig.TOPIC_REPLICATION, "3");
        overrides.put(CommonConfig.TOPIC_MIN_INSYNC_REPLICAS, "2");
        overrides.put(QueryApiConfig.HTTP_PORT, 0);
        overrides.put("streams.state.dir", dir.resolve("api").toString());

        assertThatThrownBy(() -> QueryApiServer.start(QueryApiConfig.load(Map.of(), overrides)).close())
                .isInstanceOf(ClusterTooSmallException.class)
                .hasMessageContaining("has 1 broker,")
                .hasMessageContaining("topic.replication=3")
                .hasMessageContaining("PVSTREAM_TOPIC_REPLICATION")
                .hasMessageContaining("Start at least 3 brokers");
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(Topics.PV_VALUES, Topics.OPS_TX);
    }

    @Test
    @Order(2)
    void minInSyncReplicasAboveReplicationFactorIsRefused() {
        assertThatThrownBy(() -> TopicInitializer.ensureTopics(admin, new TopicLayout(2, (short) 1, (short) 2)))
                .isInstanceOf(ClusterTooSmallException.class)
                .hasMessageContaining("topic.min.insync.replicas=2 exceeds topic.replication=1");
    }

    @Test
    @Order(3)
    void createdTopicsCarryTheConfiguredMinInSyncReplicas() throws Exception {
        List<String> created = TopicInitializer.ensureTopics(admin, new TopicLayout(2, (short) 1, (short) 1));

        assertThat(created).contains(Topics.PV_VALUES, Topics.OPS_TX);
        ConfigResource opsTx = new ConfigResource(ConfigResource.Type.TOPIC, Topics.OPS_TX);
        ConfigEntry minInSync = admin.describeConfigs(List.of(opsTx)).all().get(10, TimeUnit.SECONDS).get(opsTx)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertThat(minInSync.value()).isEqualTo("1");
        assertThat(minInSync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG); // ours, not the broker's
    }
}
