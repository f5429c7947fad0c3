package io.pvstream.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of {@link Topics} that do not exist yet; existing topics are left alone. First refuses a
 * replication factor the cluster cannot give ({@link ReplicationCheck}).
 */
public final class TopicInitializer {

    private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    /** {@link #ensureTopics(Admin, TopicLayout)} with the broker's min.insync.replicas. */
    public static List<String> ensureTopics(Admin admin, int partitions, short replicationFactor) {
        return ensureTopics(admin, new TopicLayout(partitions, replicationFactor, (short) 0));
    }

    /**
     * @return names of the topics created by this call
     * @throws ReplicationCheck.ClusterTooSmallException when the cluster has fewer brokers than the replication factor
     */
    public static List<String> ensureTopics(Admin admin, TopicLayout layout) {
        ReplicationCheck.requireBrokers(admin, layout);
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.all(layout.partitions())) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), layout.replicationFactor())
                            .configs(withMinInSync(spec.configs(), layout)));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance won the race
                        throw e;
                    }
                }
            }
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
                awaitLeaders(admin, created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> withMinInSync(Map<String, String> configs, TopicLayout layout) {
        if (layout.minInSyncReplicas() == 0) {
            return configs; // the broker's default applies
        }
        Map<String, String> withMin = new HashMap<>(configs);
        withMin.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(layout.minInSyncReplicas()));
        return withMin;
    }

    /**
     * A new topic answers produce requests only once each partition has a leader; waiting here
     * spares every first producer a burst of NOT_LEADER_OR_FOLLOWER retries.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean allLed = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()
                        .stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e; // anything but "not propagated yet"
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(50); // metadata propagation has no event to wait on from a client
        }
    }
}
