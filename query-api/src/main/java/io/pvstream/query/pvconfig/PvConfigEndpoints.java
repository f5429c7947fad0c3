package io.pvstream.query.pvconfig;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pvstream.query.http.ListParams;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.http.Json;
import io.pvstream.query.http.Utf8Input;
import io.pvstream.query.cluster.OwnerRouting;
import io.pvstream.records.Page;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.query.pvconfig.ImportBatch.LineError;
import io.pvstream.query.pvconfig.PvConfigWriter.PvConfigUnavailable;
import io.pvstream.query.pvconfig.PvSpecRules.InvalidSpec;
import io.pvstream.streams.pvconfig.PvConfigLookup;
import io.pvstream.query.cluster.PeerCalls;

/**
 * Runtime PV management: the desired PV set ({@code pv.config}) over REST.
 * <ul>
 * <li>{@code PUT /api/v1/config/pvs/{name}} with a spec, {@code DELETE} (tombstone: stop monitoring),
 * {@code GET} one spec;</li>
 * <li>{@code GET /api/v1/config/pvs?prefix=&after=&limit=}: a page in name order from all instances;</li>
 * <li>{@code POST /api/v1/config/pvs/import} (CSV or JSON, idempotent) and
 * {@code GET /api/v1/config/pvs/export?format=csv|json}.</li>
 * </ul>
 * Writes go to {@code pv.config} through {@link PvConfigWriter}; reads come from the Streams {@code pv-config}
 * store, the same one pv.diffs takes its deadbands from, partitioned like the PVs (so no instance holds a second
 * copy of a million-PV set), and reach the ingest and the store within about a second.
 */
public final class PvConfigEndpoints {

    public static final String PATH = "/api/v1/config/pvs";
    public static final String ONE_PATH = PATH + "/{name}";
    public static final String IMPORT_PATH = PATH + "/import";
    public static final String EXPORT_PATH = PATH + "/export";
    public static final String LOCAL_PATH = "/api/v1/internal/config/pvs/local";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    /** Line errors listed in an import answer; all are counted. */
    static final int MAX_ERRORS_LISTED = 1_000;

    private static final Logger log = LoggerFactory.getLogger(PvConfigEndpoints.class);

    private final PvConfigLookup lookup;
    private final PeerClient peers;
    private final PvConfigWriter writer;
    private final ObjectMapper mapper = Json.newMapper();

    public PvConfigEndpoints(PvConfigLookup lookup, PeerClient peers, PvConfigWriter writer) {
        this.lookup = lookup;
        this.peers = peers;
        this.writer = writer;
    }

    /** Adds the routes; export and import before {name}, which would otherwise take their paths. */
    public void addRoutes(Javalin app) {
        app.get(EXPORT_PATH, this::export);
        app.post(IMPORT_PATH, this::importSpecs);
        app.get(PATH, this::list);
        app.get(LOCAL_PATH, this::listLocal);
        app.get(ONE_PATH, this::get);
        app.put(ONE_PATH, this::put);
        app.delete(ONE_PATH, this::delete);
    }

    void put(Context ctx) {
        String name = name(ctx);
        JsonNode body;
        try {
            body = mapper.readTree(Utf8Input.body(ctx));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        PvSpec spec;
        try {
            spec = PvSpecJson.parse(body, name);
        } catch (InvalidSpec e) {
            throw ApiException.badRequest(e.getMessage());
        }
        write(() -> writer.put(List.of(spec)));
        ctx.json(spec);
    }

    void delete(Context ctx) {
        String name = name(ctx);
        write(() -> writer.delete(name));
        ctx.json(Map.of("name", name, "deleted", true));
    }

    void get(Context ctx) {
        String name = name(ctx);
        Optional<HostInfo> owner = lookup.ownerOf(name);
        switch (OwnerRouting.decide(owner, lookup::isLocal, ctx.header(PeerClient.FORWARDED_BY) != null)) {
            case LOCAL -> ctx.json(PvSpec.of(lookup.getLocal(name)
                    .orElseThrow(() -> ApiException.notFound(name + " is not in the desired PV set"))));
            case FORWARD -> PeerCalls.relay(ctx, owner.orElseThrow(),
                    peers.get(owner.orElseThrow(), PATH + "/" + encode(name).replace("+", "%20")));
            case NOT_OWNER -> throw ApiException.unavailable("this instance does not own " + name + " (moving)");
            case OWNER_UNKNOWN -> throw ApiException.unavailable("the instance owning " + name
                    + " is not known now (streams " + lookup.state() + ")");
        }
    }

    void list(Context ctx) {
        ctx.json(page(ListParams.prefix(ctx), ListParams.after(ctx), ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT)));
    }

    /** Internal: this instance's first matches; {@code limit} may be one more than the public maximum. */
    void listLocal(Context ctx) {
        int limit = ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT + 1);
        ctx.json(Map.of("items", localSpecs(ListParams.prefix(ctx), ListParams.after(ctx), limit)));
    }

    void importSpecs(Context ctx) {
        ImportBatch batch;
        try {
            String text = Utf8Input.body(ctx);
            batch = isCsv(ctx) ? PvSpecCsv.parse(text) : PvSpecImport.parse(readJson(text));
        } catch (InvalidSpec e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (batch.lines() == 0) {
            throw ApiException.badRequest("no PVs in the body");
        }
        if (!batch.specs().isEmpty()) {
            write(() -> writer.put(batch.specs()));
        }
        List<LineError> listed = batch.errors().subList(0, Math.min(MAX_ERRORS_LISTED, batch.errors().size()));
        Map<String, Object> report = new LinkedHashMap<>();
        if (batch.specs().isEmpty()) { // the 400 is an error like any other, with the report that says why
            report.put("error", ApiException.BAD_REQUEST);
            report.put("message", "no line was imported: see errors");
        }
        report.put("lines", batch.lines());
        report.put("imported", batch.specs().size());
        report.put("failed", batch.errors().size());
        report.put("errors", listed);
        report.put("errorsTruncated", listed.size() < batch.errors().size());
        log.info("pv.config import: {} lines, {} imported, {} failed", batch.lines(), batch.specs().size(),
                batch.errors().size());
        // Every line refused: nothing happened, say so with the status too.
        ctx.status(batch.specs().isEmpty() ? 400 : 200).json(report);
    }

    /** The whole desired set (or the PVs of a prefix) in name order, read page by page from every instance. */
    void export(Context ctx) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiException.badRequest("format: csv or json (got '" + PvSpecRules.printable(format) + "')");
        }
        String prefix = ListParams.prefix(ctx);
        Page<PvSpec> page = page(prefix, null, MAX_LIMIT); // before the first byte: a failure is still a 503
        boolean csv = format.equals("csv");
        ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/json");
        ctx.header("Content-Disposition", "attachment; filename=\"pv-config." + format + "\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            out.write(csv ? PvSpecCsv.header() : "[");
            boolean first = true;
            while (true) {
                for (PvSpec spec : page.items()) {
                    if (csv) {
                        out.write(PvSpecCsv.line(spec));
                    } else {
                        out.write((first ? "\n" : ",\n") + mapper.writeValueAsString(spec));
                    }
                    first = false;
                }
                if (page.next() == null) {
                    break;
                }
                page = page(prefix, page.next(), MAX_LIMIT);
            }
            out.write(csv ? "" : "\n]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up to {@code limit} specs in name order from every instance's partitions. */
    private Page<PvSpec> page(String prefix, String after, int limit) {
        if (lookup.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("cannot list the desired PVs while streams is " + lookup.state());
        }
        String localQuery = LOCAL_PATH + "?limit=" + (limit + 1) + "&prefix=" + encode(prefix)
                + (after == null ? "" : "&after=" + encode(after));
        Map<HostInfo, CompletableFuture<PeerResponse>> remote = new LinkedHashMap<>();
        for (HostInfo host : lookup.allHosts()) {
            if (!lookup.isLocal(host)) {
                remote.put(host, peers.get(host, localQuery));
            }
        }
        List<List<PvSpec>> pages = new ArrayList<>();
        pages.add(localSpecs(prefix, after, limit + 1));
        remote.forEach((host, answer) -> pages.add(PeerCalls.items(host, answer, mapper).stream()
                .map(this::specOf).toList()));
        return Page.merge(pages, PvSpec::name, limit);
    }

    private List<PvSpec> localSpecs(String prefix, String after, int limit) {
        return lookup.scanLocal(prefix, after, limit).stream().map(PvSpec::of).toList();
    }

    private PvSpec specOf(JsonNode item) {
        try {
            return mapper.treeToValue(item, PvSpec.class);
        } catch (JsonProcessingException e) {
            throw ApiException.unavailable("a peer answered an unreadable spec: " + e.getOriginalMessage());
        }
    }

    private JsonNode readJson(String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static void write(Runnable change) {
        try {
            change.run();
        } catch (PvConfigUnavailable e) {
            throw ApiException.unavailable(e.getMessage());
        }
    }

    /** CSV when asked by {@code ?format=csv} or by a text Content-Type; JSON otherwise. */
    private static boolean isCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("format: csv or json (got '"
                        + PvSpecRules.printable(format) + "')");
            };
        }
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("text/");
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        PvSpecRules.nameProblem("name", name).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        return name;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
