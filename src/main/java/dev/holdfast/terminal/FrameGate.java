package dev.holdfast.terminal;

/**
 * When the terminal paints a frame. At once when nothing was painted since JavaFX's last pulse: a typed
 * key's echo is drawn the moment it arrives and shown at the next pulse. Otherwise at the next pulse,
 * with everything that arrived meanwhile: fast output is drawn at most once per pulse, as the display
 * shows it, and the FX thread is not kept busy with frames no one sees. Also when a blinking cursor
 * changes. One thread (the FX thread); no clock of its own.
 */
public final class FrameGate {
    private boolean paintedSincePulse;
    private boolean waiting;

    /** A frame is wanted: true to paint it now, false when it waits for the next {@link #pulse()}. */
    public boolean wanted() {
        if (!paintedSincePulse) {
            return true;
        }
        waiting = true;
        return false;
    }

    /** A frame was painted. */
    public void painted() {
        paintedSincePulse = true;
    }

    /** JavaFX ran a pulse: true when a frame was waiting for it and is to be painted now. */
    public boolean pulse() {
        paintedSincePulse = false;
        if (waiting) {
            waiting = false;
            return true;
        }
        return false;
    }

    /** Whether a frame waits for the next pulse. */
    public boolean waiting() {
        return waiting;
    }

    /**
     * Whether a blinking cursor shows, {@code sinceMoveMillis} after it last moved: it shows for one period
     * after a move, then hides and shows in turn.
     */
    public static boolean blinkShowing(long sinceMoveMillis, int periodMillis) {
        return periodMillis <= 0 || sinceMoveMillis < 0 || (sinceMoveMillis / periodMillis) % 2 == 0;
    }

    /** Milliseconds until a blinking cursor that last moved {@code sinceMoveMillis} ago next changes. */
    public static long untilBlinkChange(long sinceMoveMillis, int periodMillis) {
        if (periodMillis <= 0) {
            return Long.MAX_VALUE;
        }
        long since = Math.max(0, sinceMoveMillis);
        return periodMillis - since % periodMillis;
    }
}
