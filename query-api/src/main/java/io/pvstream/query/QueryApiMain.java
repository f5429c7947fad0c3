package io.pvstream.query;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.ReplicationCheck;

/**
 * Runs one query-api instance. Configuration: defaults, {@code PVSTREAM_*} environment variables (and the
 * optional {@code PVSTREAM_CONFIG_FILE}), then {@code key=value} arguments, e.g. {@code http.port=8081}.
 */
public final class QueryApiMain {

    private static final Logger log = LoggerFactory.getLogger(QueryApiMain.class);

    private QueryApiMain() {
    }

    public static void main(String[] args) {
        QueryApiConfig config = QueryApiConfig.load(System.getenv(), overrides(args));
        QueryApiServer server;
        try {
            server = QueryApiServer.start(config);
        } catch (ReplicationCheck.ClusterTooSmallException e) {
            log.error("refusing to start: {}", e.getMessage()); // the reason, not a stack trace
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "query-api-shutdown"));
        log.info("query-api started on port {}", server.port());
    }

    static Map<String, String> overrides(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return overrides;
    }
}
