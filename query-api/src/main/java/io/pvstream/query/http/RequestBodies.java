package io.pvstream.query.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;

/**
 * Reads a JSON request body with a size limit. Javalin's own limit ({@code http.maxRequestSize}) looks only at
 * Content-Length; a chunked body has none, so the stream is read with the limit too.
 */
public final class RequestBodies {

    public static final String TOO_LARGE = "content_too_large";

    private RequestBodies() {
    }

    /** The body as a JSON object; 413 beyond {@code maxBytes}, 400 if it is not a JSON object. */
    public static JsonNode jsonObject(Context ctx, long maxBytes, ObjectMapper mapper) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] body = readAtMost(ctx, maxBytes);
        if (body.length == 0) {
            throw ApiException.badRequest("a JSON object is required as the request body");
        }
        Utf8Input.text(body); // Jackson reads an overlong sequence (C0 AF) as a character
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return json;
    }

    private static byte[] readAtMost(Context ctx, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = ctx.bodyInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, TOO_LARGE, "the request body is larger than " + maxBytes
                + " bytes (http.max.request.bytes)");
    }
}
