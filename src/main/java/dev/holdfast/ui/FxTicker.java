package dev.holdfast.ui;

import dev.holdfast.threads.Threads;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A shared clock for views that sample something while they are open (the tunnels dialog: {@link #every}) or
 * that refresh when their text next changes (the health strip in view: {@link #after}): one timer thread, and
 * one hop to the FX thread per tick. Unlike a JavaFX {@code Timeline}, it does not keep JavaFX's pulse
 * running at 60 Hz: with nothing to draw, the FX thread and the renderer sleep.
 */
public final class FxTicker {
    /** The tick: four times a second. */
    public static final long PERIOD_MILLIS = 250;
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final Set<Runnable> TICKING = new CopyOnWriteArraySet<>();
    private static ScheduledFuture<?> running;

    private FxTicker() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.factory("fx-ticker", false));
        // a cancelled refresh leaves the queue at once: it would otherwise still wake the thread at its time
        timer.setRemoveOnCancelPolicy(true);
        return timer;
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

    /** Runs {@code action} once on the FX thread after {@code delayMillis}, unless the handle is closed first. */
    public static Ticking after(long delayMillis, Runnable action) {
        ScheduledFuture<?> future = TIMER.schedule(() -> FxThread.later(action), Math.max(0, delayMillis),
                TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
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
