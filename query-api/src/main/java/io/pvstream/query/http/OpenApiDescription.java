package io.pvstream.query.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.javalin.http.Context;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of the REST API, a JSON resource kept by hand next to
 * the code ({@code openapi.json}).
 *
 * <p>Why by hand and not generated ({@code io.javalin.community.openapi}): its annotation processor describes only
 * handlers annotated with {@code @OpenApi}, one annotation block per route in the handler classes (ours are method
 * references spread over a dozen controllers, several registered outside the router), and its version line follows
 * Javalin's own, so it would pin our Javalin upgrades. The one thing generation would give, a description that cannot
 * drift from the code, {@code OpenApiRouteTableTest} gives instead: it compares the file with Javalin's route table
 * and names every route missing from the description and every described route that does not exist.
 */
public final class OpenApiDescription {

    public static final String PATH = "/api/v1/openapi.json";
    /** The classpath resource. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] json;

    private OpenApiDescription(byte[] json) {
        this.json = json;
    }

    /** Reads the resource once; a build without it is broken, so this fails loudly. */
    public static OpenApiDescription load() {
        try (InputStream in = OpenApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new OpenApiDescription(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Context ctx) {
        ctx.contentType("application/json").result(json);
    }
}
