package dev.holdfast.ui;

import dev.holdfast.terminal.PulsePlan;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import javafx.scene.input.InputEvent;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs JavaFX's pulse fast (the launcher's 240 Hz) only while the person is typing or using the mouse, and at
 * JavaFX's default 60 Hz otherwise ({@link PulsePlan}). On Linux (GTK) and Monocle, the toolkit's pulse timer
 * cannot pause: every tick wakes the FX thread whether or not anything is drawn, about 0.013 % of a core per tick
 * a second (BENCHMARKS.md, "Idle CPU"), so a fixed 240 Hz cost an idle app more than all its tabs. Elsewhere the
 * toolkit pauses its timer itself, and this does nothing.
 *
 * <p>JavaFX has no public way to change the pulse rate once started: this reaches the toolkit's timer by
 * reflection (JavaFX runs from the class path, so its classes are open to the app) and restarts it with another
 * period through the timer's own {@code start(int)}. Where any of that is not found, the rate stays as set.
 */
public final class PulseGovernor {
    private static final Logger LOG = LoggerFactory.getLogger(PulseGovernor.class);
    /** JavaFX's own default: 60 a second. */
    static final int SLOW_PERIOD_MILLIS = 16;
    /** How long the pulse stays fast after the last input event. */
    static final long FAST_FOR_MILLIS = 2_000;

    private final Object timer;
    private final Method start;
    private final Field period;
    private final int fastPeriodMillis;
    private final int slowPeriodMillis;
    private final PulsePlan plan;
    private ListChangeListener<Window> windows;
    private boolean stopped;

    private PulseGovernor(Object timer, Method start, Field period, int fastPeriodMillis, int slowPeriodMillis,
            long fastForMillis) {
        this.timer = timer;
        this.start = start;
        this.period = period;
        this.fastPeriodMillis = fastPeriodMillis;
        this.slowPeriodMillis = slowPeriodMillis;
        this.plan = new PulsePlan(TimeUnit.MILLISECONDS.toNanos(fastForMillis));
    }

    /**
     * Governs the pulse on every window (open now or later), where the toolkit's timer is one that cannot pause;
     * on the FX thread, after the toolkit started. Empty where it does not apply or the timer is not found.
     */
    public static Optional<PulseGovernor> everywhere() {
        return everywhere(FAST_FOR_MILLIS, SLOW_PERIOD_MILLIS);
    }

    static Optional<PulseGovernor> everywhere(long fastForMillis, int slowPeriodMillis) {
        Optional<PulseGovernor> governor = find(fastForMillis, slowPeriodMillis);
        governor.ifPresent(g -> {
            g.slow();
            g.windows = EveryWindow.each(g::watch);
        });
        return governor;
    }

    private static Optional<PulseGovernor> find(long fastForMillis, int slowPeriodMillis) {
        try {
            Object toolkit = Class.forName("com.sun.javafx.tk.Toolkit").getMethod("getToolkit").invoke(null);
            Field timerField = PausingPulseTimer.field(toolkit.getClass(), "pulseTimer");
            Field intervalField = PausingPulseTimer.field(toolkit.getClass(), "PULSE_INTERVAL");
            Object timer = timerField.get(toolkit);
            String kind = timer == null ? "none" : timer.getClass().getName();
            if (!(timer instanceof PausingPulseTimer) && !kind.equals("com.sun.glass.ui.gtk.GtkTimer")
                    && !kind.equals("com.sun.glass.ui.monocle.MonocleTimer")) {
                LOG.debug("Pulse left as it is: the toolkit's timer ({}) pauses by itself", kind);
                return Optional.empty();
            }
            Class<?> timerClass = Class.forName("com.sun.glass.ui.Timer");
            int fast = intervalField.getInt(toolkit);
            if (fast >= slowPeriodMillis) {
                return Optional.empty(); // already as slow as the slow rate: nothing to govern
            }
            return Optional.of(new PulseGovernor(timer, timerClass.getMethod("start", int.class),
                    PausingPulseTimer.field(timerClass, "period"), fast, slowPeriodMillis, fastForMillis));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Pulse left as it is: {}", e.toString());
            return Optional.empty();
        }
    }

    private void watch(Window window) {
        if (window.getProperties().putIfAbsent(PulseGovernor.class, this) == null) {
            window.addEventFilter(InputEvent.ANY, event -> input());
        }
    }

    /** For a test: the toolkit's own period back, and no more governing. */
    void stop() {
        stopped = true;
        Window.getWindows().removeListener(windows);
        Window.getWindows().forEach(w -> w.getProperties().remove(PulseGovernor.class, this));
        restart(fastPeriodMillis);
    }

    private void input() {
        if (stopped) {
            return;
        }
        if (plan.input(System.nanoTime()) == PulsePlan.Change.FAST) {
            restart(fastPeriodMillis);
        }
        long in = plan.nextCheckIn(System.nanoTime());
        if (in >= 0) {
            FxTicker.after(TimeUnit.NANOSECONDS.toMillis(in) + 1, this::check);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        if (plan.check(System.nanoTime()) == PulsePlan.Change.SLOW) {
            slow();
            return;
        }
        long in = plan.nextCheckIn(System.nanoTime());
        if (in >= 0) {
            FxTicker.after(TimeUnit.NANOSECONDS.toMillis(in) + 1, this::check);
        }
    }

    private void slow() {
        restart(slowPeriodMillis);
    }

    private void restart(int periodMillis) {
        try {
            start.invoke(timer, periodMillis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not set JavaFX's pulse to every {} ms: {}", periodMillis, e.toString());
        }
    }

    /** The period the toolkit's timer runs with now, in milliseconds: what it really is, read from the timer. */
    double periodMillis() throws IllegalAccessException {
        return period.getDouble(timer);
    }

    int fastPeriodMillis() {
        return fastPeriodMillis;
    }
}
