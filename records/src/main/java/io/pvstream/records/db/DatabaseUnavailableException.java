package io.pvstream.records.db;

/**
 * No database could answer a read: not configured, unreachable, or not migrated yet. The message is safe to
 * show to clients (no URL, no credentials); the cause is for the log.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
