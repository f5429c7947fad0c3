package io.pvstream.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pvstream.connectors.ConnectConfig;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * Writes {@code docs/configuration.md} from the services' {@code ConfigDef}s, so the reference
 * cannot drift from the code ({@code ConfigDocsTest} fails when it has).
 * Run: {@code java -cp ... io.pvstream.devstack.ConfigDocs docs/configuration.md}.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static String render() {
        return """
                # Configuration reference

                Generated from the code by `io.pvstream.devstack.ConfigDocs`; do not edit by hand.
                Values are layered: default, then the properties file named by `config.file`, then the
                environment variable, then command-line options. Keys starting with `kafka.` (e.g.
                `PVSTREAM_KAFKA_SECURITY_PROTOCOL=SSL`) are passed to every Kafka client.

                ## `./pvstream dev` (DevMain)

                """ + ConfigLoader.markdownTable(DevConfig.DEFINITION) + """

                ## ingest (IngestMain)

                """ + ConfigLoader.markdownTable(IngestConfig.DEFINITION) + """

                ## query-api and the Streams app it embeds (QueryApiMain)

                """ + ConfigLoader.markdownTable(QueryApiConfig.DEFINITION) + """

                ## Kafka Connect worker (ConnectWorkerMain)

                """ + ConfigLoader.markdownTable(ConnectConfig.DEFINITION);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render());
        System.out.println("wrote " + out);
    }
}
