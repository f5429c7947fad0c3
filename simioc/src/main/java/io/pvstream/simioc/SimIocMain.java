package io.pvstream.simioc;

import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SimulatedIoc} as its own process, e.g. for {@code ./pvstream dev} or a benchmark:
 *
 * <pre>
 * java -cp ... io.pvstream.simioc.SimIocMain --pvs 1000 --rate 1 --port 0 --prefix SIM: --setpoints 10
 * </pre>
 *
 * Prints {@code SIMIOC READY port=<p> pvs=<n>} on stdout once it serves, and stops cleanly on
 * SIGTERM/SIGINT.
 */
public final class SimIocMain {

    static final String USAGE = "usage: SimIocMain [--pvs N] [--rate HZ] [--port P] [--prefix S] "
            + "[--setpoints M] [--waveform-length L]";

    private SimIocMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimIocBuilder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SimulatedIoc ioc = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ioc.close();
            stopped.countDown();
        }, "simioc-shutdown"));
        ioc.start();
        System.out.println("SIMIOC READY port=" + ioc.port() + " pvs=" + ioc.config().pvCount());
        System.out.flush();
        stopped.await();
    }

    /** Parses the command line into a builder; unknown or malformed options are rejected. */
    static SimIocBuilder parse(String[] args) {
        SimIocBuilder builder = SimulatedIoc.builder();
        Iterator<String> it = Arrays.asList(args).iterator();
        while (it.hasNext()) {
            String option = it.next();
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("simulated EPICS IOC");
            }
            if (!it.hasNext()) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = it.next();
            try {
                switch (option) {
                    case "--pvs" -> builder.pvCount(Integer.parseInt(value));
                    case "--rate" -> builder.updateRateHz(Double.parseDouble(value));
                    case "--port" -> builder.port(Integer.parseInt(value));
                    case "--prefix" -> builder.prefix(value);
                    case "--setpoints" -> builder.setpointCount(Integer.parseInt(value));
                    case "--waveform-length" -> builder.waveformLength(Integer.parseInt(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + option + ": " + value, e);
            }
        }
        builder.config(); // validates
        return builder;
    }
}
