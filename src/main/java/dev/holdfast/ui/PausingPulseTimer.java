package dev.holdfast.ui;

import com.sun.glass.ui.Application;
import com.sun.glass.ui.Timer;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JavaFX's pulse timer, made to stop ticking while JavaFX has nothing to do, on the toolkits whose own timer
 * never stops (GTK, Linux's, and Monocle).
 *
 * <p>JavaFX's toolkit asks its pulse timer to pause once no pulse has been wanted for 250 ms (no animation, no
 * scene to draw), and to resume at the next request for a pulse. The macOS and Windows timers pause; GTK's and
 * Monocle's have an empty {@code _pause} in JavaFX 21, so they tick on for ever, and on GTK each tick runs on
 * the FX thread: an idle app woke 60 to 240 times a second for nothing (BENCHMARKS.md, "Idle CPU").
 *
 * <p>This timer takes the toolkit's place and ticks through one of the toolkit's own timers. It stops that
 * timer at the first tick that finds nothing to do, under the same conditions as the toolkit's own pause
 * (no pulse asked for, no animation, no pulse running) but without the 250 ms wait, and starts it again, at
 * the same period, on the toolkit's resume, which every request for a pulse makes. A resume also ticks once at
 * once (an event on the FX thread): the first frame after a quiet spell is not held back up to a period, as
 * it is behind a timer that ticks on, so a typed key's echo, drawn when it arrives, is shown in the next event.
 * While pulses keep being wanted (output, an animation) it ticks at its period, as before, so frames still come
 * at most once a period.
 *
 * <p>Stopping from inside a tick is safe for both: GTK's stop only flags the GLib source, which ends at its
 * next dispatch, and Monocle's cancels a scheduled task. The check and the stop are made under the toolkit's
 * lock, which its resume takes too, so a request for a pulse from another thread cannot fall between them and
 * be lost. Lock order, as in the toolkit: the toolkit, then this timer ({@code Timer}'s methods are
 * {@code synchronized}), then the inner one.
 *
 * <p>JavaFX has no public way to replace its pulse timer: the toolkit's {@code pulseTimer} field is set, and
 * its pulse state read, by reflection (JavaFX runs from the class path, so its classes are open to the app).
 * Where any of that is not found, the toolkit's own timer stays and nothing changes; so it does with
 * {@code -Dholdfast.pulse.pause=false} (for a comparison, or should a JavaFX update make it misbehave).
 */
public final class PausingPulseTimer extends Timer {
    private static final Logger LOG = LoggerFactory.getLogger(PausingPulseTimer.class);
    private static final String GTK_TIMER = "com.sun.glass.ui.gtk.GtkTimer";
    private static final String MONOCLE_TIMER = "com.sun.glass.ui.monocle.MonocleTimer";

    private final Timer replaced;
    private final Timer ticker;
    private final Runnable tick;
    private final AtomicLong ticks;
    private int periodMillis; // guarded by this
    private boolean paused; // guarded by this

    private PausingPulseTimer(Timer replaced, Object toolkit, Runnable toolkitTick, BooleanSupplier pulseWanted) {
        super(() -> {
            // never run: the ticks are the inner timer's
        });
        this.replaced = replaced;
        this.ticks = new AtomicLong();
        this.tick = () -> {
            ticks.incrementAndGet();
            toolkitTick.run();
            synchronized (toolkit) {
                if (!pulseWanted.getAsBoolean()) {
                    _pause(0);
                }
            }
        };
        this.ticker = Application.GetApplication().createTimer(tick);
    }

    /**
     * Whether the toolkit has a pulse to run: one asked for, an animation running, or one running now (the same
     * state its own pause reads). Its flags are volatile or atomic; read under its lock.
     */
    private static BooleanSupplier pulseWanted(Object toolkit) throws ReflectiveOperationException {
        Object next = field(toolkit.getClass(), "nextPulseRequested").get(toolkit);
        Object animation = field(toolkit.getClass(), "animationRunning").get(toolkit);
        Field running = field(next.getClass(), "isRunning");
        AtomicBoolean pulse = (AtomicBoolean) field(toolkit.getClass(), "pulseRunning").get(toolkit);
        AtomicBoolean up = (AtomicBoolean) field(toolkit.getClass(), "toolkitRunning").get(toolkit);
        return () -> {
            try {
                return !up.get() || pulse.get() || running.getBoolean(next) || running.getBoolean(animation);
            } catch (IllegalAccessException e) {
                return true; // made accessible at install: cannot happen; if it did, tick on as JavaFX does
            }
        };
    }

    /**
     * Puts a pausing timer in place of the toolkit's, where the toolkit's is GTK's or Monocle's, at the same
     * period; on the FX thread, after the toolkit started. The one already in place if called again; empty where
     * it does not apply, is turned off, or the toolkit's internals are not as expected.
     */
    public static Optional<PausingPulseTimer> install() {
        if ("false".equals(System.getProperty("holdfast.pulse.pause"))) {
            LOG.debug("Pulse timer left as it is: -Dholdfast.pulse.pause=false");
            return Optional.empty();
        }
        try {
            Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
            Field timerField = field(toolkit.getClass(), "pulseTimer");
            Field runnableField = field(toolkit.getClass(), "timerRunnable");
            Field periodField = field(Timer.class, "period");
            // the toolkit's own lock, which its pause and resume take: no tick pauses a timer half replaced
            synchronized (toolkit) {
                Object current = timerField.get(toolkit);
                if (current instanceof PausingPulseTimer installed) {
                    return Optional.of(installed);
                }
                String kind = current == null ? "none" : current.getClass().getName();
                if (!kind.equals(GTK_TIMER) && !kind.equals(MONOCLE_TIMER)) {
                    LOG.debug("Pulse timer left as it is: the toolkit's ({}) pauses by itself", kind);
                    return Optional.empty();
                }
                Timer old = (Timer) current;
                double period = periodField.getDouble(old);
                if (!old.isRunning() || period < 1) {
                    LOG.debug("Pulse timer left as it is: not running at a fixed period ({})", period);
                    return Optional.empty();
                }
                PausingPulseTimer timer = new PausingPulseTimer(old, toolkit,
                        (Runnable) runnableField.get(toolkit), pulseWanted(toolkit));
                old.stop();
                timer.start((int) period);
                timerField.set(toolkit, timer);
                LOG.debug("Pulse timer pauses when JavaFX asks it to (every {} ms while running)", (int) period);
                return Optional.of(timer);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Pulse timer left as it is: {}", e.toString());
            return Optional.empty();
        }
    }

    /** For a test: the toolkit's own timer back in place, running at this one's period. On the FX thread. */
    void uninstall() throws ReflectiveOperationException {
        Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
        Field timerField = field(toolkit.getClass(), "pulseTimer");
        synchronized (toolkit) {
            if (timerField.get(toolkit) != this) {
                return;
            }
            int period;
            synchronized (this) {
                period = periodMillis;
            }
            stop();
            replaced.start(period);
            timerField.set(toolkit, replaced);
        }
    }

    /** A declared field of {@code type} or a superclass, made accessible. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    @Override
    protected synchronized long _start(Runnable runnable, int period) {
        periodMillis = period;
        if (!paused) {
            ticker.start(period);
        }
        return 1; // Timer reads 0 as a failure; the handle is never passed anywhere but back here
    }

    @Override
    protected long _start(Runnable runnable) {
        // GTK's and Monocle's timers, the only ones wrapped, have no vsync timer either
        throw new UnsupportedOperationException("vsync timer not supported");
    }

    @Override
    protected synchronized void _stop(long timer) {
        ticker.stop();
    }

    @Override
    protected synchronized void _pause(long timer) {
        if (!paused) {
            paused = true;
            ticker.stop();
        }
    }

    @Override
    protected synchronized void _resume(long timer) {
        if (paused) {
            paused = false;
            ticker.start(periodMillis);
            Application.invokeLater(tick);
        }
    }

    /** Whether the toolkit paused it and it has not resumed since. */
    public synchronized boolean paused() {
        return paused;
    }

    /** The period it ticks at while running, in milliseconds. */
    public synchronized int periodMillis() {
        return periodMillis;
    }

    /** Ticks since it was installed: each one a wake-up of the timer's thread (the FX thread on GTK). */
    public long ticks() {
        return ticks.get();
    }
}
