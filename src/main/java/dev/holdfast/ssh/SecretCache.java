package dev.holdfast.ssh;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets the user chose to remember "for this app session": in memory only, never written or logged,
 * wiped when forgotten or when the app exits. Thread-safe.
 */
public final class SecretCache {
    private final Map<String, char[]> secrets = new HashMap<>();

    static String passwordKey(ConnectSpec spec) {
        return "password " + spec.user() + "@" + spec.endpoint();
    }

    static String passphraseKey(java.nio.file.Path keyFile) {
        return "passphrase " + keyFile.toAbsolutePath().normalize();
    }

    static String promptKey(ConnectSpec spec, String prompt) {
        return "prompt " + spec.user() + "@" + spec.endpoint() + " " + prompt;
    }

    public synchronized Optional<char[]> get(String key) {
        char[] value = secrets.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public synchronized void put(String key, char[] value) {
        forget(key);
        secrets.put(key, value.clone());
    }

    public synchronized void forget(String key) {
        char[] old = secrets.remove(key);
        if (old != null) {
            Arrays.fill(old, '\0');
        }
    }

    public synchronized int size() {
        return secrets.size();
    }

    /** Wipes everything, for exit. */
    public synchronized void clear() {
        secrets.values().forEach(v -> Arrays.fill(v, '\0'));
        secrets.clear();
    }
}
