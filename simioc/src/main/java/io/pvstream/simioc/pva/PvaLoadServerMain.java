package io.pvstream.simioc.pva;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerPV;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Load for {@code ./pvstream bench ingest --protocol pva}: a pvAccess server (core-pva) with N moving NTScalar
 * doubles {@code SIM:PV00001..N} (mA, 0..100, as the CA simulator's), each updated {@code --rate} times a second,
 * spread evenly over every 10 ms tick. Run as its own JVM:
 *
 * <pre>
 * java -cp ... io.pvstream.simioc.pva.PvaLoadServerMain --pvs 10000 --rate 10
 * </pre>
 *
 * Prints {@code SIMPVA READY port=<tcp port> pvs=<n>} once it serves; stops on SIGTERM/SIGINT.
 */
public final class PvaLoadServerMain {

    private static final int TICKS_PER_SECOND = 100;
    private static final NtStructures.Limits LIMITS = new NtStructures.Limits(0, 100, 5, 10, 90, 95, "mA", 3);

    private PvaLoadServerMain() {
    }

    @Command(name = "PvaLoadServerMain", mixinStandardHelpOptions = true,
            description = "N moving NTScalar doubles served over pvAccess on loopback, for benchmarks.")
    static final class Options {
        @Option(names = "--pvs", paramLabel = "N", description = "PVs SIM:PV00001..N (default ${DEFAULT-VALUE}).")
        int pvs = 1000;
        @Option(names = "--rate", paramLabel = "HZ", description = "Updates per second of each PV, 0 = static "
                + "(default ${DEFAULT-VALUE}).")
        double rate = 1;
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            System.err.println(e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(System.out);
            System.exit(0);
        }
        int pvs = options.pvs;
        double rate = options.rate;
        PvaServerSettings.applyDefaults();
        PVAServer server = new PVAServer();
        List<ServerPV> served = new ArrayList<>(pvs);
        List<PVAStructure> data = new ArrayList<>(pvs);
        for (int i = 1; i <= pvs; i++) {
            PVAStructure initial = NtStructures.numeric(NtStructures.NT_SCALAR, new PVADouble("value", 50), LIMITS);
            data.add(initial);
            served.add(server.createPV(String.format("SIM:PV%05d", i), initial));
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        if (rate > 0) {
            double perSecond = pvs * rate;
            long[] lastNs = {System.nanoTime()};
            double[] carry = new double[1];
            int[] next = new int[1];
            // by elapsed time, with fixed delay: an overloaded machine gets fewer updates, never a catch-up burst
            // above the offered rate (which also makes core-pva's server coalesce updates and lose change bits)
            ticker.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                double elapsed = Math.min((now - lastNs[0]) / 1e9, 2.0 / TICKS_PER_SECOND);
                lastNs[0] = now;
                carry[0] += perSecond * elapsed;
                Instant stamp = Instant.now();
                for (; carry[0] >= 1; carry[0]--) {
                    int index = next[0];
                    next[0] = (index + 1) % data.size();
                    update(served.get(index), data.get(index), stamp);
                }
            }, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ticker.shutdownNow();
            server.close();
            stopped.countDown();
        }, "simioc-pva-shutdown"));
        System.out.println("SIMPVA READY port=" + server.getTCPAddress(false).getPort() + " pvs=" + pvs);
        System.out.flush();
        stopped.await();
    }

    private static void update(ServerPV pv, PVAStructure structure, Instant now) {
        PVADouble value = structure.get("value");
        value.set(50 + 40 * Math.sin(now.toEpochMilli() / 1000.0 + pv.getSID()));
        PVATimeStamp.set(structure, now);
        try {
            pv.update(structure);
        } catch (Exception e) {
            System.err.println("update of " + pv.getName() + " failed: " + e);
        }
    }
}
