package io.pvstream.records.buffer;

/** Which database a confirmed row was read from; decides whether it counts as committed or replicated. */
public enum ConfirmedSource {
    PRIMARY(ItemState.COMMITTED),
    REPLICA(ItemState.REPLICATED);

    private final ItemState state;

    ConfirmedSource(ItemState state) {
        this.state = state;
    }

    /** The state of an entity read from here that has no pending entry. */
    public ItemState state() {
        return state;
    }
}
