package io.pvstream.connectors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Restarts failed connectors and tasks, with exponential backoff per connector.
 *
 * <p>Why: Connect never restarts a FAILED task by itself, and the Debezium JDBC sink fails its task
 * on errors it does not classify as retriable — a PostgreSQL fast shutdown (SQLState 57P01) among
 * them. Without a supervisor, one database restart stops the apply path until someone notices.
 */
public final class ConnectorSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorSupervisor.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ConnectWorker worker;
    private final List<String> connectors;
    private final Duration interval;
    private final Map<String, Backoff> backoffs = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-supervisor");
        t.setDaemon(true);
        return t;
    });

    private record Backoff(long nextAttemptNs, Duration delay) {
    }

    public ConnectorSupervisor(ConnectWorker worker, List<String> connectors, Duration interval) {
        this.worker = worker;
        this.connectors = List.copyOf(connectors);
        this.interval = interval;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkAll() {
        for (String name : connectors) {
            try {
                check(name);
            } catch (RuntimeException e) {
                log.warn("cannot check connector {}: {}", name, e.toString());
            }
        }
    }

    private void check(String name) {
        JsonNode status = worker.status(name).orElse(null);
        if (status == null || !ConnectorStatuses.anyFailed(status)) {
            backoffs.remove(name); // healthy again: the next failure starts from the shortest delay
            return;
        }
        long now = System.nanoTime();
        Backoff backoff = backoffs.get(name);
        if (backoff != null && now < backoff.nextAttemptNs()) {
            return;
        }
        Duration delay = backoff == null ? interval : min(backoff.delay().multipliedBy(2), MAX_BACKOFF);
        log.warn("connector {} has failed parts, restarting them (next try in {} s if still failed): {}",
                name, delay.toSeconds(), firstTrace(status));
        worker.restartFailed(name);
        backoffs.put(name, new Backoff(now + delay.toNanos(), delay));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The first line of the first failure trace: enough to tell a DB outage from a bug. */
    private static String firstTrace(JsonNode status) {
        for (JsonNode task : status.path("tasks")) {
            String trace = task.path("trace").asText("");
            if (!trace.isEmpty()) {
                return trace.lines().findFirst().orElse("");
            }
        }
        return status.path("connector").path("trace").asText("").lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
