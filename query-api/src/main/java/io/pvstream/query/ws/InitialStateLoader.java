package io.pvstream.query.ws;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The current state of PVs a client subscribes to, from whichever instances hold them. Blocking (it may ask
 * other instances over HTTP): callers run it on an executor of their own.
 */
public interface InitialStateLoader {

    /**
     * @param pvs      exact names; those not known anywhere are listed in {@link InitialState#unknown()}
     * @param patterns each matched over all instances, in name order
     * @param cap      most PVs to return; beyond it the initial state is {@link InitialState#truncated()}
     * @throws RuntimeException when the stores cannot answer now (rebalancing, an instance down)
     */
    InitialState load(List<String> pvs, List<GlobPattern> patterns, int cap);

    /**
     * @param pvs       PV views as the REST API renders them ({@code GET /api/v1/pvs/{name}})
     * @param unknown   requested names no instance knows (yet: a later diff of one is its FIRST)
     * @param truncated true when patterns matched more PVs than the cap (or than one scan may read)
     */
    record InitialState(List<JsonNode> pvs, List<String> unknown, boolean truncated) {
    }
}
