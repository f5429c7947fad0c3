package io.pvstream.records.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: generated here, then only ever handled as their SHA-256.
 *
 * <p>Why a plain SHA-256 and not bcrypt/scrypt/argon2: those slow hashes protect low-entropy secrets (passwords)
 * against guessing. A key is 256 bits from {@link SecureRandom}: nobody can guess it or find a preimage of its hash,
 * however fast the hash. A fast, unsalted hash lets every instance check a key with one map lookup (microseconds,
 * on every request) and lets the hash itself be the lookup key of the {@code security.keys} topic. A database or
 * topic dump therefore gives nobody a usable key.
 */
public final class KeySecrets {

    /** Marks our keys, so a leaked one is recognisable (e.g. by secret scanners). */
    public static final String PREFIX = "pvs_";
    private static final int RANDOM_BYTES = 32; // 256 bits
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    /** A new key: {@value #PREFIX} and 256 random bits in base64url (47 characters in all). */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the key string (UTF-8), lower-case hex. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** Compares two secrets in time independent of where they differ (for the cluster token). */
    public static boolean sameSecret(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
