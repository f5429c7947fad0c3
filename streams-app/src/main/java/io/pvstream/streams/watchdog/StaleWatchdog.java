package io.pvstream.streams.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateUpdate;
import io.pvstream.streams.PvStateUpdate.ConfigUpdate;
import io.pvstream.streams.PvStateUpdate.ConnectionUpdate;
import io.pvstream.streams.PvStateUpdate.ValueUpdate;

/**
 * Flags stale PVs ({@link StaleRule}): every check interval (wall clock, so it runs when no record comes, which
 * is exactly when a PV goes stale) it scans this task's {@value Topics.Stores#PV_LATEST} and sets
 * {@code staleSinceNs} on PVs that became stale, keeping them in the small {@value Topics.Stores#PV_STALE} index
 * for listings. The flag in the state is cleared by the next value or connection change ({@link PvStateUpdate});
 * the index entry is dropped as soon as this processor sees that update, or at the next check.
 *
 * <p>A check costs one scan of the task's PVs; at the default minute that is small next to the updates.
 */
public final class StaleWatchdog implements Processor<String, PvStateUpdate, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(StaleWatchdog.class);

    private final StaleRule rule;
    private final Duration checkInterval;
    private KeyValueStore<String, PvState> latest;
    private KeyValueStore<String, Long> index;
    /** The keys of {@link #index}, so the common update (of a PV that is not flagged) costs no store read. */
    private final Set<String> flagged = new HashSet<>();

    public StaleWatchdog(StaleRule rule, Duration checkInterval) {
        this.rule = rule;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        latest = context.getStateStore(Topics.Stores.PV_LATEST);
        index = context.getStateStore(Topics.Stores.PV_STALE);
        try (KeyValueIterator<String, Long> all = index.all()) { // restored before init: the flags survive moves
            all.forEachRemaining(entry -> flagged.add(entry.key));
        }
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, PvStateUpdate> record) {
        String name = record.key();
        if (name == null || !flagged.contains(name)) {
            return;
        }
        PvStateUpdate update = record.value();
        boolean clears = update instanceof ValueUpdate || update instanceof ConnectionUpdate
                || (update instanceof ConfigUpdate config && config.config() == null);
        if (clears) {
            index.delete(name);
            flagged.remove(name);
        }
    }

    /** One check of every PV of this task at wall-clock time {@code nowMs}. */
    void check(long nowMs) {
        long nowNs = nowMs * 1_000_000L;
        List<KeyValue<String, PvState>> changed = new ArrayList<>();
        Set<String> stillStale = new HashSet<>();
        try (KeyValueIterator<String, PvState> all = latest.all()) {
            while (all.hasNext()) {
                KeyValue<String, PvState> entry = all.next();
                PvState state = entry.value;
                boolean stale = rule.isStale(state, nowNs);
                if (stale) {
                    stillStale.add(entry.key);
                }
                if (stale && state.getStaleSinceNs() == null) {
                    changed.add(KeyValue.pair(entry.key, withStaleSince(state, nowNs)));
                } else if (!stale && state.getStaleSinceNs() != null) {
                    changed.add(KeyValue.pair(entry.key, withStaleSince(state, null))); // e.g. threshold raised
                }
            }
        }
        // Written after the scan: no store is changed under an open iterator.
        int newlyFlagged = 0;
        for (KeyValue<String, PvState> change : changed) {
            latest.put(change.key, change.value);
            if (change.value.getStaleSinceNs() != null) {
                index.put(change.key, change.value.getStaleSinceNs());
                flagged.add(change.key);
                newlyFlagged++;
            }
        }
        for (String name : new ArrayList<>(flagged)) {
            if (!stillStale.contains(name)) {
                index.delete(name);
                flagged.remove(name);
            }
        }
        if (newlyFlagged > 0) {
            log.warn("stale watchdog: {} PVs newly stale (connected, no update for more than {} s); {} stale in this task",
                    newlyFlagged, rule.thresholdNs() / 1_000_000_000L, flagged.size());
        }
    }

    private static PvState withStaleSince(PvState state, Long staleSinceNs) {
        return new PvState(state.getName(), state.getValue(), state.getMeta(), state.getConnection(),
                state.getValueReceivedNs(), state.getRemovedNs(), staleSinceNs);
    }
}
