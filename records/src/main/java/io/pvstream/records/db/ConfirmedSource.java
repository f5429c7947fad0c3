package io.pvstream.records.db;

/**
 * Which database a confirmed row was read from; decides whether it counts as committed or replicated
 * ({@code ItemState.confirmedFrom}).
 */
public enum ConfirmedSource {
    PRIMARY,
    REPLICA
}
