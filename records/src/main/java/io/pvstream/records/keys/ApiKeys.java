package io.pvstream.records.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.pvstream.records.DomainException;
import io.pvstream.schemas.avro.ApiKey;

/**
 * Creating, revoking, listing and checking API keys. Free of HTTP and Kafka: the keys come from {@link KnownKeys},
 * changes go out through a {@link KeyPublisher}.
 */
public final class ApiKeys {

    /** Longest key name (it becomes the author of snapshots and jobs). */
    public static final int MAX_NAME_LENGTH = 200;

    /** A new key and its secret, which exists only in this answer. */
    public record Created(ApiKey key, String secret) {
    }

    private final KnownKeys keys;
    private final KeyPublisher publisher;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final String configuredAdminHash;

    /**
     * @param configuredAdminKey the bootstrap admin key from configuration, or null/blank for none
     */
    public ApiKeys(KnownKeys keys, KeyPublisher publisher, Clock clock, Supplier<UUID> ids, String configuredAdminKey) {
        this.keys = keys;
        this.publisher = publisher;
        this.clock = clock;
        this.ids = ids;
        this.configuredAdminHash = configuredAdminKey == null || configuredAdminKey.isBlank() ? null
                : KeySecrets.hash(configuredAdminKey);
    }

    /** The outcome of checking a presented key. */
    public enum Check { VALID, UNKNOWN, REVOKED, NOT_LOADED }

    public record Authenticated(Check check, Principal principal) {
    }

    /** Checks a key as sent: one SHA-256 and one map lookup. */
    public Authenticated authenticate(String presented) {
        String hash = KeySecrets.hash(presented);
        if (hash.equals(configuredAdminHash)) {
            return new Authenticated(Check.VALID, KeyBootstrap.CONFIGURED_PRINCIPAL);
        }
        Optional<ApiKey> key = keys.byHash(hash);
        if (key.isEmpty()) {
            return new Authenticated(keys.loaded() ? Check.UNKNOWN : Check.NOT_LOADED, null);
        }
        if (key.get().getRevokedNs() != null) {
            return new Authenticated(Check.REVOKED, null);
        }
        KeyRole role = KeyRole.parse(key.get().getRole()).orElse(null);
        if (role == null) { // written by a newer version with a role this one does not know: refuse, never guess
            return new Authenticated(Check.UNKNOWN, null);
        }
        return new Authenticated(Check.VALID, new Principal(key.get().getId(), key.get().getName(), role));
    }

    /** Creates a key; 400 for a bad name, 409 if a valid key already has the name (names identify authors). */
    public Created create(String name, KeyRole role, Principal by) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new DomainException.Invalid("name: 1 to " + MAX_NAME_LENGTH + " characters, no control characters");
        }
        if (name.equals(KeyBootstrap.CONFIGURED_PRINCIPAL.name())
                || keys.all().stream().anyMatch(key -> key.getRevokedNs() == null && key.getName().equals(name))) {
            throw new DomainException.Conflict("a valid key is already named '" + name
                    + "': names identify who made a write; revoke that key first or choose another name");
        }
        String secret = KeySecrets.generate();
        ApiKey key = ApiKey.newBuilder()
                .setId(ids.get().toString())
                .setName(name)
                .setRole(role.json())
                .setKeyHash(KeySecrets.hash(secret))
                .setCreatedNs(nowNs())
                .setCreatedBy(by == null ? null : by.name())
                .build();
        publisher.publish(key);
        keys.apply(key.getKeyHash(), key);
        return new Created(key, secret);
    }

    /** Revokes a key (again: idempotent); 404 for an unknown id, 409 for the key from configuration. */
    public ApiKey revoke(String id, Principal by) {
        if (KeyBootstrap.CONFIGURED_KEY_ID.equals(id)) {
            throw new DomainException.Conflict("the bootstrap key comes from configuration ("
                    + KeyBootstrap.CONFIG_KEY + "): remove it there and restart");
        }
        ApiKey known = keys.byId(id).orElseThrow(() -> new DomainException.NotFound("unknown API key " + id));
        ApiKey revoked = ApiKey.newBuilder(known)
                .setRevokedNs(known.getRevokedNs() != null ? known.getRevokedNs() : nowNs())
                .setRevokedBy(known.getRevokedNs() != null ? known.getRevokedBy() : by == null ? null : by.name())
                .build();
        publisher.publish(revoked);
        keys.apply(revoked.getKeyHash(), revoked);
        return revoked;
    }

    /** Every key (revoked ones too, and the one from configuration), oldest first; never a secret or hash. */
    public List<KeyView> list() {
        List<KeyView> views = new ArrayList<>();
        if (configuredAdminHash != null) {
            views.add(KeyView.configured());
        }
        keys.all().forEach(key -> views.add(KeyView.of(key)));
        return views;
    }

    /** Whether no key exists at all yet (revoked ones count: then a first-start key would be a back door). */
    public boolean noKeyYet() {
        return configuredAdminHash == null && keys.loaded() && keys.isEmpty();
    }

    private long nowNs() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }
}
