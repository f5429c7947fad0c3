package io.pvstream.query.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.DomainException;
import io.pvstream.streams.StoreNotReadyException;

/** Turns every failure into a JSON {@link ApiError}; a 500 never carries a stack trace. */
public final class ApiErrorHandlers {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandlers.class);

    private ApiErrorHandlers() {
    }

    /** @param retryAfter sent with every 503, so clients back off for a sensible time */
    public static void register(Javalin app, Duration retryAfter) {
        String retryAfterSeconds = Long.toString(retryAfter.toSeconds());
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 503) {
                ctx.header("Retry-After", retryAfterSeconds);
            }
            answer(ctx, e.status(), e.code(), e.getMessage());
        });
        app.exception(DomainException.class, (e, ctx) -> {
            int status = statusOf(e);
            if (status == 503) {
                ctx.header("Retry-After", retryAfterSeconds);
            }
            answer(ctx, status, codeOf(status), e.getMessage());
        });
        app.exception(DatabaseUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", retryAfterSeconds);
            answer(ctx, 503, ApiException.UNAVAILABLE, e.getMessage());
        });
        app.exception(StoreNotReadyException.class, (e, ctx) -> {
            ctx.header("Retry-After", retryAfterSeconds);
            answer(ctx, 503, ApiException.UNAVAILABLE, e.getMessage());
        });
        app.exception(ValidationException.class,
                (e, ctx) -> answer(ctx, 400, ApiException.BAD_REQUEST, describe(e.getErrors())));
        // Javalin's own answers: unknown route (404), wrong method, ...
        app.exception(HttpResponseException.class,
                (e, ctx) -> answer(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error in {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal", "internal error; see the server log");
        });
    }

    private static void answer(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new ApiError(code, message));
    }

    /** The one place where a domain error becomes an HTTP status. */
    public static int statusOf(DomainException e) {
        if (e instanceof DomainException.NotFound) {
            return 404;
        } else if (e instanceof DomainException.Invalid) {
            return 400;
        } else if (e instanceof DomainException.Conflict) {
            return 409;
        } else if (e instanceof DomainException.TooLarge) {
            return 413;
        }
        return 503; // DomainException.Unavailable, the last kind
    }

    static String codeOf(int status) {
        return switch (status) {
            case 400 -> ApiException.BAD_REQUEST;
            case 404 -> ApiException.NOT_FOUND;
            case 409 -> "conflict";
            case 413 -> "content_too_large";
            case 503 -> ApiException.UNAVAILABLE;
            default -> HttpStatus.forStatus(status).name().toLowerCase(java.util.Locale.ROOT); // e.g. method_not_allowed
        };
    }

    /** e.g. "limit: must be between 1 and 1000 (got 0)". */
    static String describe(Map<String, List<ValidationError<Object>>> errors) {
        return errors.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(error -> describe(entry.getKey(), error)))
                .collect(Collectors.joining("; "));
    }

    private static String describe(String field, ValidationError<Object> error) {
        return switch (error.getMessage()) {
            case "TYPE_CONVERSION_FAILED" -> field + ": cannot read '" + error.getValue() + "'";
            case "NULLCHECK_FAILED" -> field + ": required";
            default -> field + ": " + error.getMessage() + " (got '" + error.getValue() + "')";
        };
    }
}
