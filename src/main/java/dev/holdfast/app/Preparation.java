package dev.holdfast.app;

import dev.holdfast.threads.Threads;
import dev.holdfast.ui.theme.SystemAppearance;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.LoggerFactory;

/**
 * The start-up work that needs no JavaFX: setting up logging, loading the settings file, asking the
 * desktop whether it prefers dark. {@link Launcher} begins it on a thread of its own before it starts
 * the toolkit, so the two run side by side; {@link HoldfastApp#init()} takes the result (or does the
 * work itself when nothing was begun, as when the app is launched some other way).
 */
final class Preparation {
    /**
     * @param configDir the {@code --config-dir} argument it was made for
     * @param services the app's services, settings loaded
     * @param systemPrefersDark what {@link SystemAppearance#prefersDark()} said
     */
    record Result(Optional<String> configDir, Services services, boolean systemPrefersDark) {
    }

    private static CompletableFuture<Result> pending;

    private Preparation() {
    }

    /** Starts the work on a daemon thread named {@code holdfast-prepare}. */
    static synchronized void begin(Optional<String> configDir) {
        CompletableFuture<Result> future = new CompletableFuture<>();
        Threads.start("prepare", () -> {
            try {
                future.complete(prepare(configDir));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        pending = future;
    }

    /** The begun work's result, waiting for it if need be; the work itself if none was begun for this directory. */
    static Result take(Optional<String> configDir) throws Exception {
        CompletableFuture<Result> future;
        synchronized (Preparation.class) {
            future = pending;
            pending = null;
        }
        if (future == null) {
            return prepare(configDir);
        }
        Result result;
        try {
            result = future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        if (!result.configDir().equals(configDir)) {
            result.services().close();
            return prepare(configDir);
        }
        return result;
    }

    private static Result prepare(Optional<String> configDir) {
        // Logging is set up by its first use, here rather than on a JavaFX thread.
        LoggerFactory.getILoggerFactory();
        Services services = Services.open(configDir);
        return new Result(configDir, services, SystemAppearance.prefersDark());
    }
}
