package io.pvstream.devstack.cluster;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs another main class and exits (shutdown hooks included, so it stops as by SIGTERM) once the process that
 * started it is gone, even if that one was killed with SIGKILL and ran no hook of its own. Every part of the
 * local cluster runs under it, so a crashed or killed fault runner leaves no broker, ingest or query-api behind.
 *
 * <pre>java -cp ... io.pvstream.devstack.cluster.OrphanGuard &lt;parent pid&gt; &lt;main class&gt; [args ...]</pre>
 *
 * <p>The parent is checked by this process's own parent pid: the kernel re-parents an orphan the moment its
 * parent dies (see {@code ConnectWorkerMain#exitWhenParentEnds}, which the Connect worker uses for the same).
 */
public final class OrphanGuard {

    private static final long CHECK_INTERVAL_MS = 250;

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OrphanGuard <parent pid> <main class> [args ...]");
            System.exit(2);
        }
        long parent = Long.parseLong(args[0]);
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "orphan-guard");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(() -> {
            if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != parent) {
                System.err.println("parent process " + parent + " ended: stopping");
                checker.shutdown();
                System.exit(0);
            }
        }, 0, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
