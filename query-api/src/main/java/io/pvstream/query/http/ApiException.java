package io.pvstream.query.http;

/** An answer other than success, with its HTTP status and a stable machine-readable code. */
public final class ApiException extends RuntimeException {

    public static final String NOT_FOUND = "not_found";
    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAVAILABLE = "unavailable";

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, NOT_FOUND, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, BAD_REQUEST, message);
    }

    /** 503: the answer exists but cannot be given now; the client should retry (Retry-After is added). */
    public static ApiException unavailable(String message) {
        return new ApiException(503, UNAVAILABLE, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
