package io.pvstream.ingest.ca;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.CAException;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.PvMonitoring;
import io.pvstream.ingest.PvRecordSink;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvError;

/**
 * The CA side of an ingest instance: owns the CAJ context and one control thread that creates
 * channels in batches, subscribes monitors on connect and destroys channels on stop.
 *
 * <p>{@link #monitor} and {@link #stop} only enqueue, so any thread (the pv.config consumer) may
 * call them without touching CA. CAJ callbacks never subscribe or flush themselves: they hand
 * connection changes to the control thread, because CAJ runs them on its network threads.
 */
public final class ChannelController implements PvMonitoring, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChannelController.class);
    private static final long IDLE_POLL_MS = 200;

    private final IngestConfig config;
    private final PvRecordSink sink;
    private final String instance;
    private final int batchSize;
    private final long batchDelayMs;
    private final BlockingQueue<ChannelCommand> commands = new LinkedBlockingQueue<>();
    private final Map<String, PvChannel> pvs = new ConcurrentHashMap<>();
    private final ArrayDeque<PvChannel> waitingForChannel = new ArrayDeque<>();
    private final LongAdder updatesReceived = new LongAdder();

    private volatile boolean running;
    private Thread thread;
    private volatile CAJContext context;
    private Subscriber subscriber;
    private long nextBatchAtMs;
    private boolean flushNeeded;
    /** Channels created and not yet connected for the first time (control thread only): CAJ's search backlog. */
    private int awaitingFirstConnect;

    public ChannelController(IngestConfig config, PvRecordSink sink) {
        this.config = config;
        this.sink = sink;
        this.instance = config.instanceId();
        this.batchSize = config.getInt(IngestConfig.CONNECT_BATCH_SIZE);
        this.batchDelayMs = config.getLong(IngestConfig.CONNECT_BATCH_DELAY_MS);
    }

    /** Creates the CA context (errors surface here) and starts the control thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        try {
            context = CaContextFactory.create(config);
        } catch (CAException e) {
            throw new IllegalStateException("cannot create CA context: " + e.getMessage(), e);
        }
        subscriber = new Subscriber(context, config.getInt(IngestConfig.CA_MAX_ARRAY_BYTES));
        running = true;
        thread = new Thread(this::run, "ca-control-" + instance);
        thread.setDaemon(true);
        thread.start();
    }

    /** Monitor {@code pv} with a value monitor of {@code valueMask} (jca Monitor.VALUE|ALARM|LOG). */
    @Override
    public void monitor(String pv, int valueMask) {
        commands.add(new ChannelCommand.Monitor(pv, valueMask));
    }

    /** Monitor {@code pv} for value and alarm changes. */
    public void monitor(String pv) {
        monitor(pv, MonitorMasks.DEFAULT);
    }

    /** Stop monitoring {@code pv}; publishes nothing for it afterwards. */
    @Override
    public void stop(String pv) {
        commands.add(new ChannelCommand.Stop(pv));
    }

    /** The channel of {@code pv} if this instance monitors it (connected or not), else null. */
    public MonitoredChannel monitored(String pv) {
        return pvs.get(pv);
    }

    /**
     * The CA context, for the write side's own short-lived channels (readbacks this instance does not
     * monitor); null before {@link #start()}. It is destroyed on {@link #close()}: close its users first.
     */
    public CAJContext context() {
        return context;
    }

    /** PVs monitored (requested and not stopped), connected or not. */
    public int pvCount() {
        return pvs.size();
    }

    public int connectedCount() {
        int connected = 0;
        for (PvChannel pv : pvs.values()) {
            if (pv.isConnected()) {
                connected++;
            }
        }
        return connected;
    }

    /** Names of the PVs monitored (requested and not stopped), connected or not. */
    public Set<String> monitoredNames() {
        return Set.copyOf(pvs.keySet());
    }

    /**
     * PVs connected whose value cannot be monitored (e.g. a waveform above ca.max.array.bytes), by name.
     *
     * @param limit at most this many are listed; the count is of all
     */
    public PvErrors pvErrors(int limit) {
        TreeMap<String, String> errors = new TreeMap<>();
        for (PvChannel pv : pvs.values()) {
            String error = pv.valueError();
            if (error != null && pv.isConnected()) {
                errors.put(pv.name, error);
            }
        }
        List<PvError> first = errors.entrySet().stream().limit(limit)
                .map(e -> new PvError(e.getKey(), e.getValue())).toList();
        return new PvErrors(errors.size(), first);
    }

    /** @param first the first PVs with an error, by name */
    public record PvErrors(int count, List<PvError> first) {
    }

    /** Monitor value updates received from CA since start. */
    public long updatesReceived() {
        return updatesReceived.sum();
    }

    /** Stops the control thread, which destroys every channel and the context on its way out. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("CA control thread of {} did not stop within 10 s", instance);
        }
    }

    private void run() {
        try {
            while (running) {
                ChannelCommand command = commands.poll(pollTimeoutMs(), TimeUnit.MILLISECONDS);
                while (command != null && running) {
                    handle(command);
                    command = commands.poll();
                }
                createChannelBatchIfDue();
                flushIfNeeded();
            }
        } catch (InterruptedException e) {
            // close() interrupts: leave the loop
        } catch (RuntimeException e) {
            log.error("CA control thread of {} failed; monitoring stops", instance, e);
        } finally {
            destroyEverything();
        }
    }

    private long pollTimeoutMs() {
        if (waitingForChannel.isEmpty()) {
            return IDLE_POLL_MS;
        }
        if (awaitingFirstConnect < batchSize) {
            return 0;
        }
        return Math.max(0, nextBatchAtMs - System.currentTimeMillis()); // or earlier, woken by a connection
    }

    private void handle(ChannelCommand command) {
        try {
            if (command instanceof ChannelCommand.Monitor m) {
                startMonitoring(m.name(), m.valueMask());
            } else if (command instanceof ChannelCommand.Stop s) {
                stopMonitoring(s.name());
            } else if (command instanceof ChannelCommand.ConnectionChange c) {
                connectionChanged(c);
            }
        } catch (RuntimeException e) { // one PV's trouble must not stop the others
            log.warn("CA control: {} failed: {}", command, e.toString(), e);
        }
    }

    private void startMonitoring(String name, int valueMask) {
        PvChannel existing = pvs.get(name);
        if (existing != null) {
            if (existing.valueMask() != valueMask) {
                existing.setValueMask(valueMask);
                if (existing.isConnected()) {
                    flushNeeded |= subscriber.subscribe(existing);
                }
            }
            return;
        }
        PvChannel pv = new PvChannel(name, valueMask, sink, updatesReceived, commands::add);
        pvs.put(name, pv);
        waitingForChannel.add(pv);
    }

    private void stopMonitoring(String name) {
        PvChannel pv = pvs.get(name);
        if (pv != null) {
            pv.close(); // before it leaves the map: once uncounted, it publishes nothing new
            pvs.remove(name);
            if (pv.awaitingFirstConnect) {
                pv.awaitingFirstConnect = false;
                awaitingFirstConnect--;
            }
            flushNeeded |= Subscriber.destroy(pv);
        }
    }

    private void connectionChanged(ChannelCommand.ConnectionChange change) {
        PvChannel pv = change.pv();
        if (pv.isClosed() || pvs.get(pv.name) != pv) {
            return; // stopped meanwhile: say nothing about it
        }
        pv.setConnected(change.connected(), change.server());
        if (change.connected() && pv.awaitingFirstConnect) {
            pv.awaitingFirstConnect = false;
            awaitingFirstConnect--;
        }
        if (change.connected()) {
            // Before the record: it says whether the value can be monitored. The monitor requests leave only at
            // the flush, so the record still goes out before the PV's first value.
            flushNeeded |= subscriber.subscribe(pv);
        }
        sink.connection(PvConnection.newBuilder()
                .setName(pv.name)
                .setConnected(change.connected())
                .setServer(pv.server())
                .setSinceNs(change.atNanos())
                .setInstance(instance)
                .setError(change.connected() ? pv.valueError() : null)
                .build());
    }

    /**
     * Channels are created in batches, each flushed at once, with back-pressure from CAJ: the next batch goes out
     * as soon as fewer than one batch of created channels still await their first connection (their searches are
     * answered), so the IOCs are never flooded with searches and no time is lost to a fixed pause. PVs that do not
     * exist never connect: after {@code ingest.connect.batch.delay.ms} the next batch goes out regardless.
     */
    private void createChannelBatchIfDue() {
        if (waitingForChannel.isEmpty()
                || (awaitingFirstConnect >= batchSize && System.currentTimeMillis() < nextBatchAtMs)) {
            return;
        }
        int created = 0;
        while (created < batchSize && !waitingForChannel.isEmpty()) {
            PvChannel pv = waitingForChannel.poll();
            if (!pv.isClosed() && subscriber.createChannel(pv)) {
                pv.awaitingFirstConnect = true;
                awaitingFirstConnect++;
                created++;
            }
        }
        flushNeeded |= created > 0;
        nextBatchAtMs = System.currentTimeMillis() + batchDelayMs;
        log.debug("{}: created {} channels, {} waiting, {} awaiting their first connection", instance, created,
                waitingForChannel.size(), awaitingFirstConnect);
    }

    private void flushIfNeeded() {
        if (!flushNeeded) {
            return;
        }
        flushNeeded = false;
        try {
            context.flushIO();
        } catch (CAException | RuntimeException e) {
            log.warn("CA flushIO failed: {}", e.toString());
        }
    }

    private void destroyEverything() {
        Thread.interrupted(); // the interrupt that ended the loop must not break CAJ's own shutdown
        for (PvChannel pv : pvs.values()) {
            pv.close();
        }
        for (PvChannel pv : pvs.values()) {
            Subscriber.destroy(pv);
        }
        pvs.clear();
        waitingForChannel.clear();
        try {
            context.destroy();
        } catch (CAException | RuntimeException e) {
            log.warn("CA context destroy failed: {}", e.toString());
        }
    }
}
