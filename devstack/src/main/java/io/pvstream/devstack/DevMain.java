package io.pvstream.devstack;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./pvstream dev}: runs the whole platform until Ctrl-C or SIGTERM, then stops all of it.
 */
public final class DevMain {

    private DevMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevConfig config;
        try {
            config = DevConfig.load(System.getenv(), Arrays.asList(args));
        } catch (RuntimeException e) {
            System.err.println("pvstream dev: " + e.getMessage());
            System.exit(2);
            return;
        }
        DevPlatform platform;
        try {
            platform = DevPlatform.start(config, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("pvstream dev: could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("pvstream dev: stopping");
            platform.close();
            stopped.countDown();
        }, "pvstream-shutdown"));
        System.out.print(platform.describe());
        stopped.await();
    }
}
