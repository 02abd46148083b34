package dev.holdfast.ssh;

import dev.holdfast.session.RemoteSession;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which servers were found without tmux or screen, so that a tab there starts a plain shell at once, saying
 * so, instead of asking the server again on every connection; until the person asks again
 * ({@link #forget}). Keyed by the program and the server's {@code host:port}. Any thread.
 */
public interface RemoteShellMemory {

    /** Whether {@code kind} was found missing on {@code endpoint}. */
    boolean missing(RemoteSession kind, String endpoint);

    /** Remembers that {@code kind} is missing on {@code endpoint}. */
    void rememberMissing(RemoteSession kind, String endpoint);

    /** Asks the server again next time. */
    void forget(RemoteSession kind, String endpoint);

    /** The key of one remembered server, as {@code tmux host:port} (lower-case host). */
    static String key(RemoteSession kind, String endpoint) {
        return kind.program() + " " + endpoint.toLowerCase(Locale.ROOT);
    }

    /** Kept in memory only (tests, and until the app gives one kept in the settings file). */
    static RemoteShellMemory inMemory() {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        return new RemoteShellMemory() {
            @Override
            public boolean missing(RemoteSession kind, String endpoint) {
                return keys.contains(key(kind, endpoint));
            }

            @Override
            public void rememberMissing(RemoteSession kind, String endpoint) {
                keys.add(key(kind, endpoint));
            }

            @Override
            public void forget(RemoteSession kind, String endpoint) {
                keys.remove(key(kind, endpoint));
            }
        };
    }
}
