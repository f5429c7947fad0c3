package io.pvstream.records;

/**
 * Why a service of the domain could not answer, in its own words: the HTTP layer (query-api's
 * {@code ApiErrorHandlers}) alone turns each kind into a status and a JSON error body. The kinds are closed so that
 * mapping is exhaustive.
 */
public abstract sealed class DomainException extends RuntimeException {

    private DomainException(String message) {
        super(message);
    }

    /** The thing asked for does not exist (HTTP 404). */
    public static final class NotFound extends DomainException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request is malformed or asks for something impossible (HTTP 400). */
    public static final class Invalid extends DomainException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The request is fine but the state of what it names refuses it now (HTTP 409). */
    public static final class Conflict extends DomainException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The request is well formed, only larger than this deployment takes (HTTP 413). */
    public static final class TooLarge extends DomainException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** The answer exists but cannot be given now (a store, Kafka or a peer is not ready); retry later (HTTP 503). */
    public static final class Unavailable extends DomainException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
