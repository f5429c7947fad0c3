package io.pvstream.query.ws;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.pvstream.records.restore.JobView;
import io.pvstream.query.http.Json;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * The WebSocket API of one query-api instance ({@value #PATH}): the pv.diffs, restore.job.progress and
 * pv.write.results feeds, the
 * clients, the batching timer and the snapshot and job loaders. {@link #configure} plugs it into Javalin; {@link #start} starts the feed and
 * the timer; {@link #close} stops them.
 */
public final class WebSocketService implements AutoCloseable {

    public static final String PATH = "/api/v1/ws";
    public static final String STATS_PATH = "/api/v1/ws/stats";
    private static final Logger log = LoggerFactory.getLogger(WebSocketService.class);
    private static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final WsSettings settings;
    private final InitialStateLoader snapshots;
    private final JobLoader jobs;
    private final DiffFanout fanout = new DiffFanout();
    private final ServerMessages messages;
    private final ClientRequestParser parser;
    private final LiveFeed<EncodedDiff> diffFeed;
    private final LiveFeed<EncodedJob> jobFeed;
    private final LiveFeed<EncodedJobResult> resultFeed;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ws-batcher"));
    private final ExecutorService snapshotExecutor = Executors.newFixedThreadPool(2, daemon("ws-snapshot"));
    private final List<Thread> feedThreads;

    /**
     * @param kafkaProps bootstrap servers and the {@code kafka.*} pass-through, for the feeds' consumers
     * @param clientId   Kafka client id of the pv.diffs consumer (one per instance); the job feed adds "-jobs"
     */
    public WebSocketService(WsSettings settings, InitialStateLoader snapshots, JobLoader jobs,
                            Map<String, Object> kafkaProps, String clientId) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.jobs = jobs;
        ObjectMapper mapper = Json.newMapper(); // strict on trailing tokens, as for HTTP
        this.messages = new ServerMessages(mapper);
        this.parser = new ClientRequestParser(mapper, settings.maxSubscriptions());
        this.diffFeed = new LiveFeed<>(Topics.PV_DIFFS, kafkaProps, clientId,
                value -> messages.encode(DiffSerdes.PV_DIFF.deserialize(Topics.PV_DIFFS, value)), fanout::watchedAmong,
                fanout::publish);
        this.jobFeed = new LiveFeed<>(Topics.RESTORE_JOB_PROGRESS, kafkaProps, clientId + "-jobs",
                value -> messages.encode(JobView.of(Serdes.JOB_PROGRESS.deserialize(Topics.RESTORE_JOB_PROGRESS,
                        value))), HashSet::new, fanout::publishJobs); // few: every one is decoded
        // Results are written in Kafka transactions (the planner's with the job record): only committed ones count.
        Map<String, Object> committed = new HashMap<>(kafkaProps);
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.resultFeed = new LiveFeed<>(Topics.PV_WRITE_RESULTS, committed, clientId + "-job-results",
                value -> messages.encode(Serdes.PV_WRITE_RESULT.deserialize(Topics.PV_WRITE_RESULTS, value)),
                fanout::jobsWatchedAmong, fanout::publishJobResults); // keyed by job id
        this.feedThreads = List.of(daemon("ws-diff-feed").newThread(diffFeed),
                daemon("ws-job-feed").newThread(jobFeed), daemon("ws-job-result-feed").newThread(resultFeed));
    }

    /** Jetty's own limits: a frame above the size limit closes the connection (1009) before we see it. */
    public void configureFactory(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(settings.maxMessageBytes());
        factory.setMaxBinaryMessageSize(settings.maxMessageBytes());
        // Heartbeats keep a healthy connection busy; only a dead one reaches the idle timeout.
        Duration idle = settings.heartbeatInterval().multipliedBy(3);
        factory.setIdleTimeout(idle.compareTo(MIN_IDLE_TIMEOUT) > 0 ? idle : MIN_IDLE_TIMEOUT);
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ClientSession session = new ClientSession(settings, messages, System.nanoTime());
            fanout.add(new WsClient(ctx.sessionId(), session, new JettySink(ctx.session), parser, snapshots, jobs,
                    snapshotExecutor, timers, settings.maxSubscriptions(), fanout::countSlowDisconnect));
        });
        ws.onMessage(ctx -> {
            WsClient client = fanout.get(ctx.sessionId());
            if (client != null) {
                client.onText(ctx.message());
            }
        });
        ws.onBinaryMessage(ctx -> {
            WsClient client = fanout.get(ctx.sessionId());
            if (client != null) {
                client.onBinary();
            }
        });
        ws.onClose(ctx -> fanout.remove(ctx.sessionId()));
        ws.onError(ctx -> fanout.remove(ctx.sessionId()));
    }

    /** {@code GET /api/v1/ws/stats}: this instance's clients and counters. */
    public void stats(Context ctx) {
        ctx.json(fanout.stats(diffFeed.reading() && jobFeed.reading() && resultFeed.reading()));
    }

    /** This instance's clients and its counters since start, for {@code /metrics}. */
    public WsTotals totals() {
        return fanout.totals();
    }

    public void start() {
        feedThreads.forEach(Thread::start);
        startBatching();
    }

    /** The batching timer alone: tests feed diffs through {@link #publish} instead of Kafka. */
    void startBatching() {
        long window = settings.batchWindow().toNanos();
        timers.scheduleAtFixedRate(this::tick, window, window, TimeUnit.NANOSECONDS);
    }

    /** Offers one diff to this instance's clients, as the pv.diffs feed does (only if one watches its PV). */
    void publish(PvDiff diff) {
        if (!fanout.watchedAmong(List.of(diff.getName())).isEmpty()) {
            fanout.publish(List.of(messages.encode(diff)));
        }
    }

    /** Offers one PV's write result to this instance's clients, as the pv.write.results feed does. */
    void publish(PvWriteResult result) {
        if (!fanout.jobsWatchedAmong(List.of(result.getJobId())).isEmpty()) {
            fanout.publishJobResults(List.of(messages.encode(result)));
        }
    }

    /** Offers one job's progress to this instance's clients, as the restore.job.progress feed does. */
    void publish(JobProgress progress) {
        fanout.publishJobs(List.of(messages.encode(JobView.of(progress))));
    }

    private void tick() {
        try {
            fanout.tick(System.nanoTime());
        } catch (RuntimeException e) {
            log.error("WebSocket batching failed in this window", e); // a throw would cancel the timer for good
        }
    }

    @Override
    public void close() {
        diffFeed.stop();
        jobFeed.stop();
        resultFeed.stop();
        timers.shutdownNow();
        snapshotExecutor.shutdownNow();
        try {
            for (Thread feedThread : feedThreads) {
                feedThread.join(Duration.ofSeconds(10).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fanout.clients().forEach(client -> fanout.remove(client.id()));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
