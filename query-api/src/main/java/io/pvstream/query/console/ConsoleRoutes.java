package io.pvstream.query.console;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The operator console: static files (HTML, ES modules, CSS) from {@code console/} on the class path at
 * {@value #PATH}, uPlot from its webjar at {@code /webjars/uplot/...}, and {@code /} redirecting to the console.
 *
 * <p>Static files need no key: they are not routes, so the access check (which runs before matched routes only)
 * never sees them; the console's every API call carries the user's key. The redirect is a {@code before} handler,
 * not a GET route, for the same reason: with closed reads a route would need a key a browser cannot send when it
 * opens a URL.
 */
public final class ConsoleRoutes {

    /** Where the console is served. */
    public static final String PATH = "/console";
    /** The class-path directory of its files. */
    static final String RESOURCES = "/console";

    private ConsoleRoutes() {
    }

    /** Inside {@code Javalin.create}: the static files and the webjars. */
    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = PATH;
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
            // ES modules import each other: a stale module beside a fresh one breaks the page, so revalidate
            files.headers.put("Cache-Control", "no-cache");
        });
        config.staticFiles.enableWebjars();
    }

    /** After {@code Javalin.create}: {@code /} and {@code /console} (no slash) lead to the console's page. */
    public static void install(Javalin app) {
        app.before("/", ctx -> {
            if (ctx.path().equals("/")) {
                ctx.redirect(PATH + "/");
                ctx.skipRemainingHandlers();
            }
        });
        app.before(PATH, ctx -> {
            if (ctx.path().equals(PATH)) {
                ctx.redirect(PATH + "/");
                ctx.skipRemainingHandlers();
            }
        });
    }
}
