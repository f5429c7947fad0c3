package io.pvstream.cli;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pvstream snapshot save|list|show|compare|restore}. */
@Command(name = "snapshot", description = "Save, list, show, compare and restore snapshots.",
        subcommands = picocli.CommandLine.HelpCommand.class)
final class SnapshotCommand {

    private static final String PATH = "/api/v1/snapshots";

    @ParentCommand
    PvstreamCli root;

    @Command(name = "save", description = "Save the live values of PVs (names, a pattern or a configuration).")
    int save(@Option(names = "--name", required = true) String name,
             @Option(names = "--comment") String comment,
             @Option(names = "--tag", description = "Tags (repeat).") List<String> tags,
             @Option(names = "--pattern", description = "e.g. SR:C01:*") String pattern,
             @Option(names = "--configuration", description = "A configuration id.") String configuration,
             @Parameters(arity = "0..*", paramLabel = "PV") List<String> pvs) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
        if (comment != null) {
            body.put("comment", comment);
        }
        if (tags != null) {
            tags.forEach(body.putArray("tags")::add);
        }
        int sources = (pattern != null ? 1 : 0) + (configuration != null ? 1 : 0) + (pvs != null && !pvs.isEmpty() ? 1 : 0);
        if (sources != 1) {
            throw new CliException("give exactly one of: PV names, --pattern, --configuration", 2);
        }
        if (pattern != null) {
            body.put("pattern", pattern);
        } else if (configuration != null) {
            body.put("configurationId", configuration);
        } else {
            pvs.forEach(body.putArray("pvs")::add);
        }
        JsonNode snapshot = root.api().post(PATH, body);
        root.output().print(snapshot, List.of(snapshot), "id", "name", "pvCount", "counts/ok", "counts/disconnected",
                "counts/neverSeen", "state");
        return 0;
    }

    @Command(name = "list", description = "Snapshots, newest first.")
    int list(@Option(names = "--tag") String tag, @Option(names = "--query", description = "Name substring.") String q,
             @Option(names = "--limit", defaultValue = "50") int limit) {
        StringBuilder path = new StringBuilder(PATH + "?limit=" + limit);
        if (tag != null) {
            path.append("&tag=").append(ApiClient.query(tag));
        }
        if (q != null) {
            path.append("&q=").append(ApiClient.query(q));
        }
        JsonNode page = root.api().get(path.toString());
        root.output().print(page, page.path("items"), "id", "name", "takenAt", "pvCount", "state", "author");
        return 0;
    }

    @Command(name = "show", description = "A snapshot's saved values (first page).")
    int show(@Parameters(paramLabel = "ID") String id, @Option(names = "--limit", defaultValue = "1000") int limit) {
        JsonNode snapshot = root.api().get(PATH + "/" + ApiClient.segment(id) + "?limit=" + limit);
        root.output().print(snapshot, snapshot.path("values"), "name", "state", "value", "severity", "status",
                "timestamp");
        return 0;
    }

    @Command(name = "compare", description = "Compare with the live values (default) or another snapshot;"
            + " exit 1 if anything differs.")
    int compare(@Parameters(paramLabel = "ID") String id,
                @Option(names = "--with", defaultValue = "live", description = "live or a snapshot id.") String with,
                @Option(names = "--limit", defaultValue = "1000") int limit) {
        JsonNode answer = root.api().get(PATH + "/" + ApiClient.segment(id) + "/compare?with="
                + ApiClient.query(with) + "&limit=" + limit);
        Output output = root.output();
        if (output.json()) {
            output.json(answer);
        } else {
            JsonNode summary = answer.path("summary");
            output.line("total " + summary.path("total").asInt() + ", equal " + summary.path("equal").asInt()
                    + ", different " + summary.path("different").asInt() + ", missing " + summary.path("missing").asInt()
                    + ", disconnected " + summary.path("disconnected").asInt());
            output.table(answer.path("items"), "name", "outcome", "saved", "other", "delta");
        }
        JsonNode summary = answer.path("summary");
        return summary.path("total").asInt() == summary.path("equal").asInt() ? 0 : 1;
    }

    @Command(name = "restore", description = "Write a snapshot's setpoints back, with a live progress bar;"
            + " exit 1 naming the PVs that failed or were not verified.")
    int restore(@Parameters(paramLabel = "ID") String id,
                @Option(names = "--pv", description = "Only these PVs (repeat).") List<String> pvs,
                @Option(names = "--dry-run", description = "Plan only: nothing is written.") boolean dryRun,
                @Option(names = "--timeout", defaultValue = "PT15M",
                        description = "How long to follow the job (ISO-8601, default ${DEFAULT-VALUE}).") Duration timeout) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("dryRun", dryRun);
        if (pvs != null) {
            pvs.forEach(body.putArray("pvs")::add);
        }
        ApiClient api = root.api();
        JsonNode started = api.post(PATH + "/" + ApiClient.segment(id) + "/restore", body);
        String jobId = started.path("jobId").asText();
        root.err.println("restore job " + jobId);
        JsonNode job = new RestoreProgress(api, root.err).follow(jobId, timeout);
        return new RestoreReport(api, root.output(), root.err).report(jobId, job);
    }
}
