package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The platform's latest value of every PV against what the IOC sent ({@link IocTruth}): correct when it is a
 * (timestamp, value) pair the IOC sent, no older than the newest one the IOC had sent at a given moment.
 */
final class PvAudit {

    static final String PREFIX = "SIM:PV";

    private final ApiReads api;
    private final IocTruth truth;

    PvAudit(ApiReads api, IocTruth truth) {
        this.api = api;
        this.truth = truth;
    }

    /** Every simulated PV as one query-api instance lists it, by name; empty if it does not answer. */
    Optional<Map<String, JsonNode>> listed(int port) {
        return api.get(port, "/api/v1/pvs?prefix=" + PREFIX + "&limit=1000").map(page -> {
            Map<String, JsonNode> byName = new HashMap<>();
            page.path("items").forEach(item -> byName.put(item.path("name").asText(), item));
            return byName;
        });
    }

    /**
     * The PVs shown wrong now, compared with {@code reference} (the IOC's newest samples at some earlier moment);
     * all of them if the instance does not answer.
     */
    List<String> wrong(int port, Map<String, IocTruth.Sample> reference) {
        Optional<Map<String, JsonNode>> listed = listed(port);
        if (listed.isEmpty()) {
            return new ArrayList<>(reference.keySet());
        }
        List<String> wrong = new ArrayList<>();
        reference.forEach((pv, sample) -> {
            JsonNode shown = listed.get().get(pv);
            if (shown == null || !shown.path("value").isNumber()) {
                wrong.add(pv);
                return;
            }
            long stamp = shown.path("timestampNs").asLong();
            if (stamp < sample.timestampNs() || !truth.sent(pv, stamp, shown.path("value").asDouble())) {
                wrong.add(pv);
            }
        });
        return wrong;
    }

    /**
     * Waits until every PV is shown correctly on {@code port} against the IOC's newest samples of now.
     *
     * @return the PVs still wrong at the timeout (empty: all correct)
     */
    List<String> awaitAllCorrect(int port, Duration timeout) {
        Map<String, IocTruth.Sample> reference = truth.latest();
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        Waits.until(timeout, Duration.ofMillis(500), () -> {
            last.set(0, wrong(port, reference));
            return last.get(0).isEmpty();
        });
        return last.get(0);
    }
}
