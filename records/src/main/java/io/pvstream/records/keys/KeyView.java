package io.pvstream.records.keys;

import java.time.Instant;

import io.pvstream.schemas.avro.ApiKey;

/**
 * An API key as {@code GET /api/v1/keys} shows it: never the secret, not even its hash.
 *
 * @param source {@code api} (created through the API, or generated at first start) or {@code configuration}
 */
public record KeyView(String id, String name, String role, String created, String createdBy, String revoked,
                      String revokedBy, boolean valid, String source) {

    public static KeyView of(ApiKey key) {
        return new KeyView(key.getId(), key.getName(), key.getRole(), iso(key.getCreatedNs()), key.getCreatedBy(),
                key.getRevokedNs() == null ? null : iso(key.getRevokedNs()), key.getRevokedBy(),
                key.getRevokedNs() == null, "api");
    }

    public static KeyView configured() {
        Principal principal = KeyBootstrap.CONFIGURED_PRINCIPAL;
        return new KeyView(principal.keyId(), principal.name(), principal.role().json(), null, null, null, null, true,
                "configuration");
    }

    public static String iso(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
                .toString();
    }
}
