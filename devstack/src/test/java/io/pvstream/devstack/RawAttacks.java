package io.pvstream.devstack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.pvstream.devstack.HostileRequests.Attack;
import io.pvstream.devstack.HostileRequests.Expect;

/**
 * Requests that attack no route in particular: traversal out of the API, unknown routes, a URI or header too large,
 * broken framing of the body, a body of another media type. Jetty answers some before Javalin sees them, and those
 * answers must be JSON errors too.
 */
final class RawAttacks {

    private RawAttacks() {
    }

    static List<Attack> all() {
        byte[] tag = "{\"name\":\"raw\"}".getBytes(StandardCharsets.UTF_8);
        return List.of(
                get("traversal out of the API", "/api/v1/../../../../etc/passwd"),
                get("encoded traversal", "/%2e%2e/%2e%2e/etc/passwd"),
                get("encoded traversal in the API", "/api/v1/pvs/%2e%2e/%2e%2e/%2e%2e/etc/passwd"),
                get("malformed percent-encoding", "/api/v1/pvs/%ZZ"),
                get("NUL in the path", "/api/v1/%00"),
                get("unknown route", "/api/v1/no-such-route"),
                get("unknown route outside the API", "/etc/passwd"),
                get("URI of 100000 characters", "/api/v1/pvs/" + "a".repeat(100_000)),
                get("query of 100000 characters", "/api/v1/pvs?prefix=" + "a".repeat(100_000)),
                new Attack("raw", "header of 100000 characters", "GET", "/api/v1/pvs", null, null, Expect.REFUSED,
                        Map.of("X-Huge", "h".repeat(100_000))),
                new Attack("raw", "negative Content-Length", "POST", "/api/v1/tags", "application/json", tag,
                        Expect.REFUSED, Map.of("Content-Length", "-1")),
                new Attack("raw", "non-numeric Content-Length", "POST", "/api/v1/tags", "application/json",
                        tag, Expect.REFUSED, Map.of("Content-Length", "abc")),
                new Attack("raw", "broken chunked body", "POST", "/api/v1/tags", "application/json",
                        "zz\r\n{\"name\"\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8), Expect.REFUSED,
                        Map.of("Transfer-Encoding", "chunked")),
                new Attack("raw", "XML body", "POST", "/api/v1/tags", "application/xml",
                        "<tag name=\"x\"/>".getBytes(StandardCharsets.UTF_8), Expect.REFUSED),
                new Attack("raw", "repeated limit", "GET", "/api/v1/pvs?limit=1&limit=-5", null, null,
                        Expect.NO_SERVER_ERROR));
    }

    private static Attack get(String what, String target) {
        return new Attack("raw", what, "GET", target, null, null, Expect.REFUSED);
    }
}
