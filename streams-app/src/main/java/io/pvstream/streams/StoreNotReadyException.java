package io.pvstream.streams;

/**
 * A store cannot answer on this instance right now: Streams is starting, rebalancing, restoring,
 * stopping, or the key's partition has just moved elsewhere. The caller should retry shortly
 * (the REST layer answers 503 with Retry-After).
 */
public final class StoreNotReadyException extends RuntimeException {

    public StoreNotReadyException(String message) {
        super(message);
    }

    public StoreNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
