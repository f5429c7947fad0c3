package io.pvstream.schemas;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;

import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * Refuses a topic layout the Kafka cluster cannot give, before anything is created or produced. Without it a
 * replication factor above the broker count shows up only as a topic creation error deep in a stack trace (or, for
 * topics that already exist, as producers timing out on NOT_ENOUGH_REPLICAS), long after the service said it had
 * started.
 */
public final class ReplicationCheck {

    private ReplicationCheck() {
    }

    /** The cluster has fewer brokers than the configured replication factor (or the layout contradicts itself). */
    public static final class ClusterTooSmallException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ClusterTooSmallException(String message) {
            super(message);
        }
    }

    /**
     * Checks the layout alone (no cluster needed): a min.insync.replicas above the replication factor would refuse
     * every acknowledged write.
     */
    public static void requireConsistent(TopicLayout layout) {
        if (layout.minInSyncReplicas() > layout.replicationFactor()) {
            throw new ClusterTooSmallException(CommonConfig.TOPIC_MIN_INSYNC_REPLICAS + "="
                    + layout.minInSyncReplicas() + " exceeds " + CommonConfig.TOPIC_REPLICATION + "="
                    + layout.replicationFactor() + ": no write with acks=all could ever be acknowledged. Lower "
                    + describe(CommonConfig.TOPIC_MIN_INSYNC_REPLICAS) + " or raise "
                    + describe(CommonConfig.TOPIC_REPLICATION) + ".");
        }
    }

    /**
     * Asks the cluster how many brokers it has and throws {@link ClusterTooSmallException}, with a message that says
     * what to change, when that is fewer than the replication factor.
     */
    public static void requireBrokers(Admin admin, TopicLayout layout) {
        requireConsistent(layout);
        int brokers = brokerCount(admin);
        if (brokers < layout.replicationFactor()) {
            throw new ClusterTooSmallException("the Kafka cluster has " + brokers + (brokers == 1 ? " broker" : " brokers")
                    + ", fewer than " + CommonConfig.TOPIC_REPLICATION + "=" + layout.replicationFactor()
                    + ": topics cannot get " + layout.replicationFactor() + " replicas. Start at least "
                    + layout.replicationFactor() + " brokers, or set " + describe(CommonConfig.TOPIC_REPLICATION)
                    + " to at most " + brokers + " (and " + CommonConfig.TOPIC_MIN_INSYNC_REPLICAS
                    + " to at most that).");
        }
    }

    private static int brokerCount(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for its brokers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot ask Kafka for its brokers: " + e, e);
        }
    }

    private static String describe(String key) {
        return key + " (" + ConfigLoader.envName(key) + ")";
    }
}
