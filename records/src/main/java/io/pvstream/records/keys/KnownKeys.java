package io.pvstream.records.keys;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.pvstream.schemas.avro.ApiKey;

/**
 * Every API key this instance knows, by hash and by id: the in-memory copy of {@code security.keys}
 * ({@link KeyTopicReader} fills it; a key this instance creates or revokes is applied at once too). A lookup is a
 * hash-map get. Thread-safe.
 */
public final class KnownKeys {

    private final ConcurrentHashMap<String, ApiKey> byHash = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ApiKey> byId = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /**
     * Applies a record of the topic (or a write of this instance). A revocation is final: a record without one never
     * replaces a revoked key (the topic reader may deliver the creation after this instance applied its revocation).
     *
     * @param key null = tombstone (the key is forgotten)
     */
    public synchronized void apply(String hash, ApiKey key) {
        ApiKey known = byHash.get(hash);
        if (key == null) {
            byHash.remove(hash);
            if (known != null) {
                byId.remove(known.getId());
            }
            return;
        }
        if (known != null && known.getRevokedNs() != null && key.getRevokedNs() == null) {
            return;
        }
        byHash.put(hash, key);
        byId.put(key.getId(), key);
    }

    public Optional<ApiKey> byHash(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    public Optional<ApiKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every key, revoked ones too, oldest first. */
    public List<ApiKey> all() {
        return byId.values().stream().sorted(Comparator.comparingLong(ApiKey::getCreatedNs)
                .thenComparing(ApiKey::getId)).toList();
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** Whether the whole topic has been read once: until then an unknown key may just not have arrived yet. */
    public boolean loaded() {
        return loaded;
    }

    public void markLoaded() {
        loaded = true;
    }
}
