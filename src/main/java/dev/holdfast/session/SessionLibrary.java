package dev.holdfast.session;

import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saved sessions and Default Settings while the app runs. Every change makes a new immutable
 * {@link Catalog}, tells the listeners on the calling thread, and is saved on one background thread;
 * saves that pile up collapse into one write of the newest catalog. When the store finds that the file
 * was changed elsewhere and merges those changes in, the merged catalog becomes the current one and the
 * listeners are told, on the store thread. Safe to call from any thread.
 */
public final class SessionLibrary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLibrary.class);

    private final SessionStore store;
    private final AtomicReference<Catalog> current;
    private final AtomicReference<Catalog> unsaved = new AtomicReference<>();
    private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<IOException>> saveFailureListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> mergeNoticeListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService saver = Executors.newSingleThreadExecutor(Threads.factory("store", false));

    public SessionLibrary(SessionStore store, Catalog initial) {
        this.store = store;
        this.current = new AtomicReference<>(initial);
    }

    public Catalog catalog() {
        return current.get();
    }

    /** Called with the new catalog after every change, on the thread that made the change. */
    public void addListener(Consumer<Catalog> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Catalog> listener) {
        listeners.remove(listener);
    }

    /** Called on the store thread when a save fails; the in-memory catalog stays as it is. */
    public void addSaveFailureListener(Consumer<IOException> listener) {
        saveFailureListeners.add(listener);
    }

    /**
     * Called on the store thread when a save merged changes made elsewhere that clashed with this
     * window's, with a message for the user saying what was kept and where the other version is.
     */
    public void addMergeNoticeListener(Consumer<String> listener) {
        mergeNoticeListeners.add(listener);
    }

    /** Why {@code name} cannot be used for a session other than {@code exceptId}, or empty. */
    public Optional<String> nameProblem(String name, String exceptId) {
        Optional<String> rule = FieldRules.sessionName(name);
        if (rule.isPresent()) {
            return rule;
        }
        return catalog().byName(name)
                .filter(other -> !other.id().equals(exceptId))
                .map(other -> "A session called '" + other.name() + "' already exists");
    }

    /** Adds a new session, or replaces the one with the same id in place. */
    public void put(SessionProfile profile) {
        update(catalog -> {
            List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
            int index = indexOf(sessions, profile.id());
            if (index >= 0) {
                sessions.set(index, profile);
            } else {
                sessions.add(profile);
            }
            return catalog.withSessions(sessions);
        });
    }

    public void delete(String id) {
        update(catalog -> catalog.withSessions(
                catalog.sessions().stream().filter(s -> !s.id().equals(id)).toList()));
    }

    /** Copies a session under a free name, right after the original; returns the copy. */
    public Optional<SessionProfile> duplicate(String id) {
        AtomicReference<SessionProfile> made = new AtomicReference<>();
        update(catalog -> {
            List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
            int index = indexOf(sessions, id);
            if (index < 0) {
                return catalog;
            }
            SessionProfile original = sessions.get(index);
            String name = SessionNames.copyOf(original.name(), n -> catalog.byName(n).isPresent());
            SessionProfile copy = original.duplicate(name);
            sessions.add(index + 1, copy);
            made.set(copy);
            return catalog.withSessions(sessions);
        });
        return Optional.ofNullable(made.get());
    }

    /** Renames a session; returns the reason when the name cannot be used. */
    public Optional<String> rename(String id, String newName) {
        String name = newName.strip();
        Optional<String> problem = nameProblem(name, id);
        if (problem.isPresent()) {
            return problem;
        }
        Optional<SessionProfile> profile = catalog().byId(id);
        if (profile.isEmpty()) {
            return Optional.of("The session no longer exists");
        }
        put(profile.get().withName(name));
        return Optional.empty();
    }

    public void setDefaults(DefaultSettings defaults) {
        update(catalog -> catalog.withDefaults(defaults));
    }

    public void setPreference(String key, String value) {
        update(catalog -> catalog.withPreference(key, value));
    }

    /** Applies a change, tells listeners, and queues a save. */
    public void update(UnaryOperator<Catalog> change) {
        Catalog next = current.updateAndGet(change);
        for (Consumer<Catalog> listener : listeners) {
            listener.accept(next);
        }
        if (unsaved.getAndSet(next) == null) {
            saver.execute(this::saveNewest);
        }
    }

    private void saveNewest() {
        if (unsaved.getAndSet(null) == null) {
            return;
        }
        Catalog newest = current.get(); // never older than what was queued, and includes any adopted merge
        try {
            Catalog written = store.save(newest);
            if (!written.equals(newest)) {
                adopt(newest, written);
            }
            store.lastMergeNotice().ifPresent(notice -> mergeNoticeListeners.forEach(l -> l.accept(notice)));
        } catch (IOException e) {
            LOG.warn("Saving {} failed: {}", store.file(), e.toString());
            saveFailureListeners.forEach(listener -> listener.accept(e));
        }
    }

    /**
     * The store merged changes made elsewhere into what it wrote: they become this window's catalog too,
     * together with any change made here while the save ran, and the listeners are told.
     */
    private void adopt(Catalog saved, Catalog written) {
        Catalog next = current.updateAndGet(now -> now.equals(saved) ? written
                : CatalogMerge.merge(saved, now, written).catalog());
        for (Consumer<Catalog> listener : listeners) {
            listener.accept(next);
        }
    }

    /** Waits until every change made so far is written (or has failed). For shutdown and tests. */
    public void flush(Duration timeout) {
        try {
            saver.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Waiting for the settings to be saved failed: {}", e.toString());
        }
    }

    /** Saves what is pending and stops the store thread. */
    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        saver.shutdown();
    }

    private static int indexOf(List<SessionProfile> sessions, String id) {
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
