package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvWriteResult;

/** Renders the server's messages as JSON text. Pure; thread-safe. */
final class ServerMessages {

    private final ObjectMapper mapper;

    ServerMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    EncodedDiff encode(PvDiff diff) {
        return encode(DiffView.of(diff));
    }

    EncodedDiff encode(DiffView view) {
        return new EncodedDiff(view, write(changedParts(view)));
    }

    /**
     * The fields of the parts that changed, in the REST view's names: VALUE → value, timestamp, timestampNs;
     * SEVERITY → severity; STATUS → status; CONNECTION → connected; FIRST → all. Unchanged parts are left out
     * (the client has them); a field present with null means the part was cleared.
     */
    private static Map<String, Object> changedParts(DiffView view) {
        List<String> changes = view.changes();
        boolean all = changes.contains(PvChange.FIRST.name());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", view.name());
        json.put("changes", changes);
        if (all || changes.contains(PvChange.VALUE.name())) {
            json.put("value", view.value());
            json.put("timestamp", view.timestamp());
            json.put("timestampNs", view.timestampNs());
        }
        if (all || changes.contains(PvChange.SEVERITY.name())) {
            json.put("severity", view.severity());
        }
        if (all || changes.contains(PvChange.STATUS.name())) {
            json.put("status", view.status());
        }
        if (all || changes.contains(PvChange.CONNECTION.name())) {
            json.put("connected", view.connected());
        }
        return json;
    }

    /**
     * One diff for two of the same PV that a client has not received yet: the newer state, with the rules that
     * fired in either, so a FIRST or a SEVERITY change is not lost to a VALUE change right after it.
     */
    EncodedDiff coalesce(EncodedDiff older, EncodedDiff newer) {
        List<String> before = older.view().changes();
        List<String> after = newer.view().changes();
        if (after.containsAll(before)) {
            return newer; // the usual case (VALUE after VALUE): no new JSON
        }
        List<String> union = new ArrayList<>();
        for (PvChange change : PvChange.values()) {
            if (before.contains(change.name()) || after.contains(change.name())) {
                union.add(change.name());
            }
        }
        DiffView view = newer.view();
        return encode(new DiffView(view.name(), union, view.value(), view.timestamp(), view.timestampNs(),
                view.severity(), view.status(), view.connected()));
    }

    /** {@code {"type":"diffs","seq":n,"diffs":[...]}} from diffs already encoded. */
    String diffs(long seq, Collection<EncodedDiff> diffs) {
        int size = 40;
        for (EncodedDiff diff : diffs) {
            size += diff.json().length() + 1;
        }
        StringBuilder out = new StringBuilder(size).append("{\"type\":\"diffs\",\"seq\":").append(seq).append(",\"diffs\":[");
        boolean first = true;
        for (EncodedDiff diff : diffs) {
            if (!first) {
                out.append(',');
            }
            out.append(diff.json());
            first = false;
        }
        return out.append("]}").toString();
    }

    /** {@code {"type":"snapshot","id":..,"pvs":[PV views],"unknown":[names],"truncated":b,"subscriptions":n}}. */
    String snapshot(String id, InitialStateLoader.InitialState snapshot, int subscriptions) {
        Map<String, Object> message = withType("snapshot", id);
        message.put("pvs", snapshot.pvs());
        message.put("unknown", snapshot.unknown());
        message.put("truncated", snapshot.truncated());
        message.put("subscriptions", subscriptions);
        return write(message);
    }

    /** {@code {"type":"job", ...the REST view of the job...}}, encoded once for every client. */
    EncodedJob encode(JobView view) {
        ObjectNode message = mapper.createObjectNode().put("type", "job");
        message.setAll((ObjectNode) mapper.valueToTree(view));
        return new EncodedJob(view.jobId(), view.updatedNs(), write(message));
    }

    /**
     * One PV's write result as a result page of {@code GET /api/v1/jobs/{id}} shows it. Its {@code category} is
     * the outcome's, never AWAITING_RETRY: the feed has no job record, and a retried PV's new result is the newest.
     */
    EncodedJobResult encode(PvWriteResult result) {
        PvResultView view = PvResultView.of(result, null);
        return new EncodedJobResult(result.getJobId(), result.getPvName(), result.getAttempt(),
                result.getCompletedNs(), write(view));
    }

    /** {@code {"type":"jobResults","jobId":..,"results":[...]}} from results already encoded. */
    String jobResults(String jobId, Collection<EncodedJobResult> results) {
        StringBuilder out = new StringBuilder(64 + results.size() * 200).append("{\"type\":\"jobResults\",\"jobId\":")
                .append(write(jobId)).append(",\"results\":[");
        boolean first = true;
        for (EncodedJobResult result : results) {
            if (!first) {
                out.append(',');
            }
            out.append(result.json());
            first = false;
        }
        return out.append("]}").toString();
    }

    /** The answer to a subscribe to jobs: {@code unknown} are ids no instance knows (yet). */
    String subscribed(String id, List<String> jobs, List<String> unknown, int subscriptions) {
        Map<String, Object> message = withType("subscribed", id);
        message.put("jobs", jobs);
        message.put("unknown", unknown);
        message.put("subscriptions", subscriptions);
        return write(message);
    }

    String unsubscribed(String id, int subscriptions) {
        Map<String, Object> message = withType("unsubscribed", id);
        message.put("subscriptions", subscriptions);
        return write(message);
    }

    /** Counts since the previous heartbeat, and since the connection opened. */
    String heartbeat(long coalesced, long dropped, long coalescedTotal, long droppedTotal, int subscriptions) {
        Map<String, Object> message = withType("heartbeat", null);
        message.put("coalesced", coalesced);
        message.put("dropped", dropped);
        message.put("coalescedTotal", coalescedTotal);
        message.put("droppedTotal", droppedTotal);
        message.put("subscriptions", subscriptions);
        return write(message);
    }

    String error(String id, String error, String message) {
        Map<String, Object> out = withType("error", id);
        out.put("error", error);
        out.put("message", message);
        return write(out);
    }

    /** The PV name of a snapshot item (a {@code PvView} as JSON). */
    static String nameOf(JsonNode pv) {
        return pv.path("name").asText();
    }

    static List<String> namesOf(List<JsonNode> pvs) {
        return pvs.stream().map(ServerMessages::nameOf).toList();
    }

    private static Map<String, Object> withType(String type, String id) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        if (id != null) {
            message.put("id", id);
        }
        return message;
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }
}
