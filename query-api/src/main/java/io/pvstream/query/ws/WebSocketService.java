package io.pvstream.query.ws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.pvstream.schemas.avro.PvDiff;

/**
 * The WebSocket API of one query-api instance ({@value #PATH}): the pv.diffs feed, the clients, the batching
 * timer and the snapshot loaders. {@link #configure} plugs it into Javalin; {@link #start} starts the feed and
 * the timer; {@link #close} stops them.
 */
public final class WebSocketService implements AutoCloseable {

    public static final String PATH = "/api/v1/ws";
    public static final String STATS_PATH = "/api/v1/ws/stats";
    private static final Logger log = LoggerFactory.getLogger(WebSocketService.class);
    private static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final WsSettings settings;
    private final SnapshotLoader snapshots;
    private final DiffFanout fanout = new DiffFanout();
    private final ServerMessages messages;
    private final ClientRequestParser parser;
    private final DiffFeed feed;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ws-batcher"));
    private final ExecutorService snapshotExecutor = Executors.newFixedThreadPool(2, daemon("ws-snapshot"));
    private final Thread feedThread;

    /**
     * @param kafkaProps bootstrap servers and the {@code kafka.*} pass-through, for the pv.diffs consumer
     * @param clientId   Kafka client id of that consumer (one per instance)
     */
    public WebSocketService(WsSettings settings, SnapshotLoader snapshots, Map<String, Object> kafkaProps,
                            String clientId) {
        this.settings = settings;
        this.snapshots = snapshots;
        ObjectMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.messages = new ServerMessages(mapper);
        this.parser = new ClientRequestParser(mapper, settings.maxSubscriptions());
        this.feed = new DiffFeed(kafkaProps, clientId, messages, fanout::publish);
        this.feedThread = daemon("ws-diff-feed").newThread(feed);
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
            fanout.add(new WsClient(ctx.sessionId(), session, new JettySink(ctx.session), parser, snapshots,
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
        ctx.json(fanout.stats());
    }

    public void start() {
        feedThread.start();
        startBatching();
    }

    /** The batching timer alone: tests feed diffs through {@link #publish} instead of Kafka. */
    void startBatching() {
        long window = settings.batchWindow().toNanos();
        timers.scheduleAtFixedRate(this::tick, window, window, TimeUnit.NANOSECONDS);
    }

    /** Offers one diff to this instance's clients, as the pv.diffs feed does. */
    void publish(PvDiff diff) {
        fanout.publish(List.of(messages.encode(diff)));
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
        feed.stop();
        timers.shutdownNow();
        snapshotExecutor.shutdownNow();
        try {
            feedThread.join(Duration.ofSeconds(10).toMillis());
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
