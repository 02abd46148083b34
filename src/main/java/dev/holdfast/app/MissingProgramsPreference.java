package dev.holdfast.app;

import dev.holdfast.session.RemoteSession;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.ssh.RemoteShellMemory;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Servers found without tmux or screen, kept in the settings file (one preference, one {@code program
 * host:port} per line, at most {@link #LIMIT}, the oldest dropped first) so a restart still knows. Any thread.
 */
final class MissingProgramsPreference implements RemoteShellMemory {
    static final String PREFERENCE = "remoteSessionMissing";
    static final int LIMIT = 500;

    private final SessionLibrary library;

    MissingProgramsPreference(SessionLibrary library) {
        this.library = library;
    }

    @Override
    public boolean missing(RemoteSession kind, String endpoint) {
        return keys(library.catalog().preferences().getOrDefault(PREFERENCE, ""))
                .contains(RemoteShellMemory.key(kind, endpoint));
    }

    @Override
    public void rememberMissing(RemoteSession kind, String endpoint) {
        String key = RemoteShellMemory.key(kind, endpoint);
        library.update(catalog -> {
            Set<String> keys = keys(catalog.preferences().getOrDefault(PREFERENCE, ""));
            keys.remove(key);
            keys.add(key);
            while (keys.size() > LIMIT) {
                keys.remove(keys.iterator().next());
            }
            return catalog.withPreference(PREFERENCE, String.join("\n", keys));
        });
    }

    @Override
    public void forget(RemoteSession kind, String endpoint) {
        String key = RemoteShellMemory.key(kind, endpoint);
        library.update(catalog -> {
            Set<String> keys = keys(catalog.preferences().getOrDefault(PREFERENCE, ""));
            return keys.remove(key) ? catalog.withPreference(PREFERENCE, String.join("\n", keys)) : catalog;
        });
    }

    private static Set<String> keys(String text) {
        Set<String> keys = new LinkedHashSet<>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(keys::add);
        return keys;
    }
}
