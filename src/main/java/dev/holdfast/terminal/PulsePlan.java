package dev.holdfast.terminal;

/**
 * How often JavaFX's pulse runs, where its timer ticks whether or not anything is drawn (GTK and Monocle: their
 * timer's pause does nothing, so each tick wakes the FX thread). Fast while the person is at the keyboard or the
 * mouse, so a typed key's echo waits for a short pulse; slow once no input has come for {@link #fastForNanos},
 * so an idle app wakes up at JavaFX's default rate instead. Output with no input (a log being followed) is shown
 * at the slow rate, which is the rate of any other JavaFX app. Times in nanoseconds from one clock, given by the
 * caller; one thread (the FX thread).
 */
public final class PulsePlan {
    /** What the caller is to do with the timer. */
    public enum Change {
        NONE, FAST, SLOW
    }

    private final long fastForNanos;
    private boolean fast;
    private long lastInput;
    private boolean checkPending;

    /** Starts slow: the app has had no input yet. */
    public PulsePlan(long fastForNanos) {
        if (fastForNanos <= 0) {
            throw new IllegalArgumentException("the fast spell must be positive: " + fastForNanos);
        }
        this.fastForNanos = fastForNanos;
    }

    /** An input event (key, mouse, scroll) at {@code now}. */
    public Change input(long now) {
        lastInput = now;
        if (fast) {
            return Change.NONE;
        }
        fast = true;
        return Change.FAST;
    }

    /**
     * When the caller is to call {@link #check} next, in nanoseconds from {@code now}, or -1 for no check (slow,
     * or one is already pending). Marks the check pending.
     */
    public long nextCheckIn(long now) {
        if (!fast || checkPending) {
            return -1;
        }
        checkPending = true;
        return Math.max(0, lastInput + fastForNanos - now);
    }

    /** The check asked for by {@link #nextCheckIn} is due at {@code now}: slow down if no input came since. */
    public Change check(long now) {
        checkPending = false;
        if (fast && now - lastInput >= fastForNanos) {
            fast = false;
            return Change.SLOW;
        }
        return Change.NONE;
    }

    public boolean fast() {
        return fast;
    }
}
