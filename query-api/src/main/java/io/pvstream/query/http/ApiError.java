package io.pvstream.query.http;

/** Body of every error answer: {@code {"error": "not_found", "message": "unknown PV SIM:NOPE"}}. */
public record ApiError(String error, String message) {
}
