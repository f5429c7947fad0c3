package io.pvstream.devstack.bench;

import java.util.Arrays;

/** {@code ./pvstream bench <name> [options]}: runs one benchmark harness; results go to BENCHMARKS.md by hand. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "help" : args[0];
        String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "ingest" -> IngestBenchmark.main(options);
            case "ops" -> OpsBenchmark.main(options);
            case "ws" -> WebSocketBenchmark.main(options);
            case "snapshot" -> SnapshotBenchmark.main(options);
            case "archive" -> ArchiveBenchmark.main(options);
            case "archive-sink" -> ArchiveSinkBenchmark.main(options);
            case "freshness" -> FreshnessBenchmark.main(options);
            case "pipeline" -> PipelineBenchmark.main(options);
            case "latency" -> LatencyBenchmark.main(options);
            default -> {
                System.err.println("usage: ./pvstream bench ingest|ops|ws|snapshot|archive|archive-sink|freshness|pipeline|latency [options]"
                        + "   (see BENCHMARKS.md)");
                System.exit(name.equals("help") ? 0 : 2);
            }
        }
    }
}
