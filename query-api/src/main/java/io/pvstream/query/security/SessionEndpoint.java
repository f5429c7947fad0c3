package io.pvstream.query.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.javalin.http.Context;
import io.pvstream.records.keys.Principal;

/**
 * {@code GET /api/v1/session}: who the caller is. The console signs in with it: it sends the key the user typed and
 * learns the key's name and role (to hide or disable the controls the role may not use), or a 401 for a wrong key;
 * it also says whether writes need a key at all ({@code security}) and whether reads do ({@code readsOpen}).
 *
 * <pre>
 * {"security":true,"readsOpen":true,"authenticated":true,"name":"alice","role":"operator","keyId":"..."}
 * </pre>
 */
final class SessionEndpoint {

    static final String PATH = "/api/v1/session";

    private final SecurityConfig.Settings settings;
    private final AccessControl access;

    /** @param access null when security is off */
    SessionEndpoint(SecurityConfig.Settings settings, AccessControl access) {
        this.settings = settings;
        this.access = access;
    }

    void session(Context ctx) {
        Optional<Principal> principal = access == null ? Optional.empty() : access.identify(ctx);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("security", settings.enabled());
        answer.put("readsOpen", settings.readsOpen());
        answer.put("authenticated", principal.isPresent());
        answer.put("name", principal.map(Principal::name).orElse(null));
        answer.put("role", principal.map(p -> p.role().json()).orElse(null));
        answer.put("keyId", principal.map(Principal::keyId).orElse(null));
        ctx.json(answer);
    }
}
