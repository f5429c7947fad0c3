package io.pvstream.query.security;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.javalin.security.RouteRole;

/**
 * Which credentials a route needs. Pure: method, path and the roles the route was registered with.
 *
 * <ol>
 *   <li>{@code /api/v1/internal/*} (one instance asking another) needs the cluster token, whatever else;</li>
 *   <li>a route registered with a {@link Role} needs that role;</li>
 *   <li>writes registered without one under a known prefix get that prefix's role (routes wired by code that does not
 *       declare roles: PV configuration needs admin, PV writes need restorer);</li>
 *   <li>any other read (GET, HEAD, OPTIONS) needs {@link Role#READER};</li>
 *   <li>any other write needs {@link Role#ADMIN} (fail closed) and is reported as undeclared: the route-table test
 *       fails on it, so a new write endpoint cannot slip through with less protection than meant.</li>
 * </ol>
 */
public final class RoutePolicy {

    public static final String INTERNAL_PREFIX = "/api/v1/internal/";

    /** Role of writes registered without one, by path prefix (longest first does not matter: they are disjoint). */
    static final Map<String, Role> WRITE_PREFIXES = prefixes();

    /** What a route needs. */
    public record Requirement(Role role, boolean internal, boolean undeclared) {

        static Requirement role(Role role) {
            return new Requirement(role, false, false);
        }

        static final Requirement INTERNAL = new Requirement(null, true, false);
    }

    private RoutePolicy() {
    }

    public static Requirement required(String method, String path, Set<? extends RouteRole> declared) {
        if (path.startsWith(INTERNAL_PREFIX)) {
            return Requirement.INTERNAL;
        }
        Optional<Role> role = declared.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .min(Enum::compareTo); // several roles: any of them suffices, so the weakest
        if (role.isPresent()) {
            return Requirement.role(role.get());
        }
        if (!isWrite(method)) {
            return Requirement.role(Role.READER);
        }
        for (Map.Entry<String, Role> prefix : WRITE_PREFIXES.entrySet()) {
            if (path.equals(prefix.getKey()) || path.startsWith(prefix.getKey() + "/")) {
                return Requirement.role(prefix.getValue());
            }
        }
        return new Requirement(Role.ADMIN, false, true);
    }

    /**
     * Whether a path is one of the operator console's static files or a webjar (Javalin runs the access check
     * before those too): they need no key, so a browser can load the console before anyone signs in.
     */
    public static boolean isStaticFile(String path) {
        return path.startsWith("/console/") || path.startsWith("/webjars/");
    }

    /** Anything but GET, HEAD and OPTIONS changes something. */
    public static boolean isWrite(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> false;
            default -> true;
        };
    }

    private static Map<String, Role> prefixes() {
        Map<String, Role> prefixes = new LinkedHashMap<>();
        prefixes.put("/api/v1/config/pvs", Role.ADMIN); // what is monitored, deadbands, archive settings
        prefixes.put("/api/v1/pvs", Role.RESTORER); // writes to PVs change the running machine
        return Map.copyOf(prefixes);
    }
}
