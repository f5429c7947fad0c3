package io.pvstream.devstack;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pvstream.schemas.ReplicationCheck;

/**
 * {@code ./pvstream dev}: runs the whole platform until Ctrl-C or SIGTERM, then stops all of it.
 *
 * <p>The shutdown hook is in place before the first part starts: a stop during start-up (the JVM runs
 * no hook that is not registered yet, and child processes outlive it) stops what runs, the part being
 * started included, and start-up goes no further.
 */
public final class DevMain {

    private DevMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (DevConfig.wantsHelp(Arrays.asList(args))) {
            System.out.print(DevConfig.usage());
            return;
        }
        DevConfig config;
        try {
            config = DevConfig.load(System.getenv(), Arrays.asList(args));
        } catch (RuntimeException e) {
            System.err.println("pvstream dev: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevPlatform platform = DevPlatform.unstarted();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("pvstream dev: stopping");
            platform.close();
            stopped.countDown();
        }, "pvstream-shutdown"));
        try {
            platform.startAll(config, System.getenv());
        } catch (RuntimeException e) {
            if (stopping.get()) {
                stopped.await(); // stopped during start-up: the hook stops what runs, then the JVM exits
                return;
            }
            System.err.println("pvstream dev: could not start: " + e.getMessage());
            if (!(e instanceof ReplicationCheck.ClusterTooSmallException)) { // that message says it all
                e.printStackTrace();
            }
            System.exit(1); // the hook stops what was started
            return;
        }
        System.out.print(platform.describe());
        stopped.await();
    }
}
