package io.pvstream.query.pv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;

/**
 * What this instance answers for the PVs it owns: the stored state, or, for a PV of the desired set that nothing has
 * reached yet, a "never connected" view (200, not 404: the PV is expected, its IOC may just not be up, or Streams not
 * there yet). Unknown is only a name that neither the PV store nor the desired set holds. Used by the REST reads
 * and the WebSocket snapshots alike, so both tell the same.
 */
public final class LocalPvViews {

    private LocalPvViews() {
    }

    /** The view of {@code name}; empty if it is neither stored nor desired here. */
    public static Optional<PvView> one(PvStateLookup lookup, String name) {
        Optional<PvState> state = lookup.getLocal(name);
        if (state.isPresent()) {
            return state.map(PvView::of);
        }
        return lookup.isDesiredLocal(name) ? Optional.of(PvView.neverConnected(name)) : Optional.empty();
    }

    /**
     * Up to {@code limit} views in name order of the PVs stored or desired here, starting with {@code prefix} and
     * after {@code after}: the first page of each store, merged (a name in both is shown with its state).
     */
    public static List<PvView> page(PvStateLookup lookup, String prefix, String after, int limit) {
        List<PvState> states = lookup.scanLocal(prefix, after, limit);
        List<String> desired = lookup.desiredLocal(prefix, after, limit);
        List<PvView> page = new ArrayList<>(Math.min(limit, states.size() + desired.size()));
        int s = 0;
        int d = 0;
        while (page.size() < limit && (s < states.size() || d < desired.size())) {
            int order = s == states.size() ? 1 : d == desired.size() ? -1
                    : states.get(s).getName().compareTo(desired.get(d));
            if (order <= 0) {
                page.add(PvView.of(states.get(s++)));
                if (order == 0) {
                    d++;
                }
            } else {
                page.add(PvView.neverConnected(desired.get(d++)));
            }
        }
        return page;
    }
}
