package io.pvstream.devstack.faults;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.devstack.cluster.ClusterProcess;
import io.pvstream.devstack.cluster.LocalCluster;

/**
 * {@code kill -9} of one Connect worker of the two in the group: its connectors and tasks move to the other, and
 * the rows written meanwhile land exactly once. The killed worker is then started again and rejoins the group.
 */
final class ConnectKill implements FaultScenario {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String fault() {
        return "kill -9 of one Connect worker (started again afterwards)";
    }

    @Override
    public String mustHold() {
        return "its connectors and tasks run on the other worker; rows exactly once (primary and replica); values as above";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        LocalCluster cluster = run.cluster();
        ClusterProcess victim = cluster.connectWorkers().get(0);
        String survivorUrl = cluster.connectRestUrl(1);
        URI survivor = URI.create(survivorUrl);
        String survivorId = survivor.getHost() + ":" + survivor.getPort();
        run.startLoad();
        run.faultNow();
        victim.kill();
        long movedMs = Waits.until(TIMEOUT, Duration.ofMillis(500), () -> allRunningOn(run.api(), survivorUrl, survivorId));
        run.checks().check(movedMs >= 0, "connectors and tasks not all RUNNING on the other worker within "
                + TIMEOUT.toSeconds() + " s");
        run.checks().note("every connector and task RUNNING on the other worker " + movedMs + " ms after the kill");
        victim.start();
    }

    /** Whether every connector and every task the worker at {@code url} knows runs on worker {@code workerId}. */
    static boolean allRunningOn(ApiReads api, String url, String workerId) {
        List<String> names = new ArrayList<>();
        api.getUrl(url + "/connectors").ifPresent(list -> list.forEach(name -> names.add(name.asText())));
        if (names.isEmpty()) {
            return false;
        }
        for (String name : names) {
            JsonNode status = api.getUrl(url + "/connectors/" + name + "/status").orElse(null);
            if (status == null || !running(status.path("connector"), workerId) || status.path("tasks").isEmpty()) {
                return false;
            }
            for (JsonNode task : status.path("tasks")) {
                if (!running(task, workerId)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean running(JsonNode state, String workerId) {
        return state.path("state").asText().equals("RUNNING") && state.path("worker_id").asText().equals(workerId);
    }
}
