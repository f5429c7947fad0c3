package io.pvstream.devstack.cluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.pvstream.devstack.EmbeddedKafka;
import io.pvstream.devstack.QuorumNode;

/**
 * One node (broker and controller) of the local cluster's KRaft quorum, in a JVM of its own so that a fault can
 * kill or stop it alone.
 *
 * <pre>java -cp ... KafkaNodeMain &lt;node id&gt; &lt;port&gt; &lt;controller port&gt; &lt;voters&gt; &lt;data dir&gt; &lt;cluster id&gt; [key=value ...]</pre>
 * The {@code key=value} arguments are broker properties (replication factors, timeouts). Prints
 * {@value #READY_PREFIX}{@code <bootstrap>} once the node answers Admin requests, i.e. once a majority of the quorum
 * runs; stops on SIGTERM.
 */
public final class KafkaNodeMain {

    public static final String READY_PREFIX = "KAFKA NODE READY at ";

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 6) {
            System.err.println("usage: KafkaNodeMain <node id> <port> <controller port> <voters> <data dir> <cluster id>"
                    + " [key=value ...]");
            System.exit(2);
        }
        QuorumNode node = new QuorumNode(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), args[3]);
        Map<String, String> extra = new HashMap<>();
        for (int i = 6; i < args.length; i++) {
            String[] keyValue = args[i].split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("expected key=value, got: " + args[i]);
            }
            extra.put(keyValue[0], keyValue[1]);
        }
        EmbeddedKafka kafka = EmbeddedKafka.startNode(Path.of(args[4]), node, args[5], extra);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        System.out.println(READY_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
