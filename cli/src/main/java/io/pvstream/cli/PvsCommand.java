package io.pvstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pvstream pvs add|remove|import}: the desired PV set ({@code /api/v1/config/pvs}, needs an admin key). */
@Command(name = "pvs", description = "Add, remove or import PVs of the desired (monitored) set.",
        subcommands = picocli.CommandLine.HelpCommand.class)
final class PvsCommand {

    private static final String PATH = "/api/v1/config/pvs/";

    @ParentCommand
    PvstreamCli root;

    @Command(name = "add", description = "Monitor PVs (PUT each; an existing spec is replaced).")
    int add(@Parameters(arity = "1..*", paramLabel = "PV") List<String> names,
            @Option(names = "--deadband", description = "Absolute deadband of pv.diffs.") Double deadband,
            @Option(names = "--readback", description = "Readback PV that verifies restores.") String readback,
            @Option(names = "--tag", description = "Tags (repeat).") List<String> tags,
            @Option(names = "--protocol", description = "ca or pva (default: pva for a pva:// name, else ca).")
            String protocol) {
        ApiClient api = root.api();
        ObjectNode spec = ApiClient.JSON.createObjectNode();
        if (deadband != null) {
            spec.put("deadband", deadband);
        }
        if (readback != null) {
            spec.put("readbackPv", readback);
        }
        if (tags != null) {
            tags.forEach(spec.putArray("tags")::add);
        }
        if (protocol != null) {
            spec.put("protocol", protocol);
        }
        var written = ApiClient.JSON.createArrayNode();
        for (String name : names) {
            written.add(api.put(PATH + ApiClient.segment(name), spec));
        }
        root.output().print(written, written, "name", "protocol", "deadband", "readbackPv", "tags");
        return 0;
    }

    @Command(name = "remove", description = "Stop monitoring PVs (their last state is kept).")
    int remove(@Parameters(arity = "1..*", paramLabel = "PV") List<String> names) {
        ApiClient api = root.api();
        var removed = ApiClient.JSON.createArrayNode();
        for (String name : names) {
            removed.add(api.delete(PATH + ApiClient.segment(name)));
        }
        root.output().print(removed, removed, "name", "deleted");
        return 0;
    }

    @Command(name = "import", description = "Import a CSV (name,deadband,archiveDeadband,monitorMask,readbackPv,tags,protocol)"
            + " or JSON file; exit 1 if any line failed.")
    int importFile(@Parameters(paramLabel = "FILE") Path file) throws IOException {
        String body = Files.readString(file);
        boolean csv = !file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        JsonNode answer = root.api().postText(PATH + "import", body, csv ? "text/csv" : "application/json");
        Output output = root.output();
        if (output.json()) {
            output.json(answer);
        } else {
            output.line("lines " + answer.path("lines").asInt() + ", imported " + answer.path("imported").asInt()
                    + ", failed " + answer.path("failed").asInt());
            if (answer.path("failed").asInt() > 0) {
                output.table(answer.path("errors"), "line", "name", "error");
            }
        }
        return answer.path("failed").asInt() > 0 ? 1 : 0;
    }

}
