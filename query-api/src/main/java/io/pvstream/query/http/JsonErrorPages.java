package io.pvstream.query.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Jetty answers some requests before Javalin sees them (malformed percent-encoding, a NUL in the path,
 * oversized headers): make those answers JSON {@link ApiError}s too, instead of Jetty's HTML pages.
 */
public final class JsonErrorPages extends ErrorHandler {

    private static final String JSON = "application/json";

    private final ObjectMapper mapper;

    public JsonErrorPages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return ByteBuffer.allocate(0);
        }
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        response.setContentType(JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body(code, message));
    }

    private String body(int status, String reason) {
        String message = reason == null ? HttpStatus.getMessage(status) : reason;
        try {
            return mapper.writeValueAsString(new ApiError(ApiErrorHandlers.codeOf(status), message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
