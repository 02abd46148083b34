package dev.holdfast.ui;

import dev.holdfast.threads.Threads;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A shared clock for views that sample something a few times a second (the health strips): one timer
 * thread, and one hop to the FX thread per tick for all of them. Unlike a JavaFX {@code Timeline}, it does
 * not keep JavaFX's pulse running at 60 Hz: with nothing to draw, the FX thread and the renderer sleep.
 */
public final class FxTicker {
    /** The tick: four times a second. */
    public static final long PERIOD_MILLIS = 250;
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("fx-ticker", false));
    private static final Set<Runnable> TICKING = new CopyOnWriteArraySet<>();
    private static ScheduledFuture<?> running;

    private FxTicker() {
    }

    /** Stops one view's ticks. */
    public interface Ticking extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code action} on the FX thread at every tick until the returned handle is closed. */
    public static Ticking every(Runnable action) {
        synchronized (TICKING) {
            TICKING.add(action);
            if (running == null) {
                running = TIMER.scheduleAtFixedRate(() -> FxThread.later(FxTicker::tick), PERIOD_MILLIS,
                        PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        return () -> stop(action);
    }

    private static void stop(Runnable action) {
        synchronized (TICKING) {
            TICKING.remove(action);
            if (TICKING.isEmpty() && running != null) {
                running.cancel(false);
                running = null;
            }
        }
    }

    private static void tick() {
        for (Runnable action : TICKING) {
            action.run();
        }
    }
}
