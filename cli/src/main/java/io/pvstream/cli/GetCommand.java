package io.pvstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pvstream get PV...}: the live value of each PV. */
@Command(name = "get", description = "Live value, alarm and connection of each PV (exit 1 if any is unknown).")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    PvstreamCli root;

    @Parameters(arity = "1..*", paramLabel = "PV", description = "PV names.")
    List<String> names;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        ArrayNode found = ApiClient.JSON.createArrayNode();
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            try {
                found.add(api.get("/api/v1/pvs/" + ApiClient.segment(name)));
            } catch (CliException e) {
                failed.add(e.getMessage());
            }
        }
        Output output = root.output();
        JsonNode document = names.size() == 1 && !found.isEmpty() ? found.get(0) : found;
        if (!found.isEmpty() || output.json()) {
            output.print(document, found, "name", "value", "severity", "status", "connected", "timestamp");
        }
        failed.forEach(root.err::println);
        return failed.isEmpty() ? 0 : 1;
    }
}
