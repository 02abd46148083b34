package dev.holdfast.app;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.ConfigDirectory;
import dev.holdfast.session.LoadProblem;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.ssh.Connections;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The app's long-lived parts, wired once. Opening loads the settings file: blocking I/O, so it runs on
 * the {@link Preparation} thread while the toolkit starts (or in {@code init()}), never on the FX thread.
 *
 * @param configDir where the settings live
 * @param store the settings file
 * @param library the sessions and defaults in memory
 * @param loadProblem what to tell the user about the settings file, if anything
 * @param connections the SSH side: connector, known hosts, in-memory secrets, background threads
 */
public record Services(Path configDir, SessionStore store, SessionLibrary library, Optional<LoadProblem> loadProblem,
                       Connections connections) implements AutoCloseable {

    public static Services open(Optional<String> configDirArgument) {
        return open(ConfigDirectory.resolve(configDirArgument));
    }

    public static Services open(Path configDir) {
        SessionStore store = new SessionStore(configDir);
        SessionStore.LoadResult loaded = store.load();
        SessionLibrary library = new SessionLibrary(store, loaded.catalog());
        Connections connections = Connections.standard(configDir);
        connections.connector().setRemoteShellMemory(new MissingProgramsPreference(library));
        followRenames(library, connections);
        return new Services(configDir, store, library, loaded.problem(), connections);
    }

    /** A renamed session keeps its event log: the file and its open tabs' logs follow the new name. */
    static void followRenames(SessionLibrary library, Connections connections) {
        java.util.concurrent.atomic.AtomicReference<Catalog> seen = new java.util.concurrent.atomic.AtomicReference<>(
                library.catalog());
        library.addListener(now -> {
            Catalog before = seen.getAndSet(now);
            for (SessionProfile after : now.sessions()) {
                before.byId(after.id()).filter(old -> !old.name().equals(after.name()))
                        .ifPresent(old -> connections.sessionRenamed(old.name(), after.name()));
            }
        });
    }

    /** Writes pending changes and stops background threads. */
    @Override
    public void close() {
        connections.close();
        library.close();
    }
}
