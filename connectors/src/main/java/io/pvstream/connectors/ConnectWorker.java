package io.pvstream.connectors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Kafka Connect worker in distributed mode, in this JVM, with its REST API on 127.0.0.1.
 * Connectors are managed through that REST API, exactly as against a production Connect cluster.
 *
 * <p>Worker defaults are in {@link ConnectWorkerProperties}; {@code extraWorkerProps} override
 * them. Give tests a unique {@code group.id}: it names the worker's internal topics, so two tests
 * against one broker do not see each other's connectors. {@code ./pvstream dev} keeps the default
 * so a restart resumes its connectors and source offsets.
 */
public final class ConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(30);

    private final Connect<DistributedHerder> connect;
    private final String restUrl;
    private final ConnectRestClient rest;
    private boolean closed;

    private ConnectWorker(Connect<DistributedHerder> connect, String restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
        this.rest = new ConnectRestClient(restUrl);
    }

    /**
     * Starts the worker and returns once its REST API reports it healthy (group joined, config
     * topic read), so {@link #register} can be called right away.
     *
     * @param pluginPath directory holding one sub-directory per plugin, usually {@link ConnectPlugins#defaultDir()}
     */
    public static ConnectWorker start(String bootstrapServers, Path pluginPath, Map<String, String> extraWorkerProps) {
        long startNanos = System.nanoTime();
        Map<String, String> props = ConnectWorkerProperties.of(bootstrapServers, pluginPath, extraWorkerProps);
        // startConnect swaps the calling thread's context class loader for Connect's delegating
        // loader and never swaps it back: restore it, or the caller's later lookups go through plugins.
        Thread thread = Thread.currentThread();
        ClassLoader callerLoader = thread.getContextClassLoader();
        Connect<DistributedHerder> connect;
        try {
            connect = new ConnectDistributed().startConnect(props);
        } finally {
            thread.setContextClassLoader(callerLoader);
        }
        ConnectWorker worker = new ConnectWorker(connect, connect.rest().advertisedUrl().toString());
        worker.awaitHealthy();
        log.info("Kafka Connect worker ready at {} (group {}) in {} ms", worker.restUrl, props.get("group.id"),
                (System.nanoTime() - startNanos) / 1_000_000);
        return worker;
    }

    /** Base URL of the REST API, e.g. {@code http://127.0.0.1:40123/}. */
    public String restUrl() {
        return restUrl;
    }

    /** Creates the connector or updates its config; calling it again with the same config changes nothing. */
    public void register(String name, Map<String, String> config) {
        rest.putConfig(name, config);
    }

    /**
     * Waits until the connector and every one of its tasks (at least one) are RUNNING.
     *
     * @throws IllegalStateException at once if the connector or a task FAILED, or on timeout;
     *                               the message holds the status JSON with the worker's trace
     */
    public void awaitRunning(String name, Duration timeout) {
        AtomicReference<Optional<JsonNode>> last = new AtomicReference<>(Optional.empty());
        boolean running = Poll.until(timeout, () -> {
            Optional<JsonNode> status = rest.status(name);
            last.set(status);
            status.filter(ConnectorStatuses::anyFailed).ifPresent(failed -> {
                throw new IllegalStateException("connector " + name + " failed: " + failed.toPrettyString());
            });
            return status.filter(ConnectorStatuses::allRunning).isPresent();
        });
        if (!running) {
            throw new IllegalStateException("connector " + name + " not RUNNING after " + timeout + "; last status: "
                    + last.get().map(JsonNode::toPrettyString).orElse("(unknown to the worker)"));
        }
    }

    /** The status document ({@code GET /connectors/{name}/status}), empty if the worker does not know it. */
    public Optional<JsonNode> status(String name) {
        return rest.status(name);
    }

    /**
     * Restarts the connector and its FAILED tasks, e.g. after the database it writes to came back
     * and its own retries ({@code flush.max.retries}) had run out.
     */
    public void restartFailed(String name) {
        rest.restartFailed(name);
    }

    /** Deletes the connector and waits until the worker no longer knows it; unknown names are fine. */
    public void delete(String name) {
        rest.delete(name);
        if (!Poll.until(DELETE_TIMEOUT, () -> !rest.exists(name))) {
            throw new IllegalStateException("connector " + name + " still present " + DELETE_TIMEOUT + " after DELETE");
        }
    }

    /** Stops the REST server, the connectors, their tasks and the herder; returns when all are stopped. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connect.stop();
        connect.awaitStop();
        log.info("Kafka Connect worker at {} stopped", restUrl);
    }

    private void awaitHealthy() {
        boolean healthy;
        try {
            healthy = Poll.until(READY_TIMEOUT, () -> {
                herderFailure().ifPresent(cause -> {
                    throw new IllegalStateException("Kafka Connect herder stopped while starting", cause);
                });
                return rest.healthy();
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!healthy) {
            close();
            throw new IllegalStateException("Kafka Connect worker at " + restUrl + " not healthy after " + READY_TIMEOUT);
        }
    }

    /** The herder runs on its own thread; if that thread ended during startup, why. */
    private Optional<Throwable> herderFailure() {
        Future<?> task = connect.herderTask();
        if (task == null || !task.isDone()) {
            return Optional.empty();
        }
        try {
            task.get();
            return Optional.of(new IllegalStateException("herder thread ended"));
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (Exception e) {
            return Optional.of(e);
        }
    }
}
