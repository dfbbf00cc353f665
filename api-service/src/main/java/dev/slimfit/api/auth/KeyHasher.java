package dev.slimfit.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import dev.slimfit.api.config.Sha256;

/**
 * Issues and hashes bearer secrets. Keys carry 256 random bits, so an unsalted SHA-256 is not guessable and lets
 * the key be found by an index lookup; a slow password hash would add nothing but latency.
 */
public final class KeyHasher {

    static final String PREFIX = "sf_";
    /** Device tokens have their own prefix, so a lookup goes to the right table. */
    public static final String DEVICE_PREFIX = "sfd_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHasher() {
    }

    static String newKey() {
        return newSecret(PREFIX);
    }

    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return Sha256.hex(key);
    }

    /** The first characters, safe to show in listings so a key can be recognised. */
    static String displayPrefix(String key) {
        return key.substring(0, Math.min(11, key.length()));
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
