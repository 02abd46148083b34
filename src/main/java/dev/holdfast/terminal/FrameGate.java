package dev.holdfast.terminal;

/**
 * When the terminal paints a frame. At once when the last frame that drew something is at least one
 * interval old and none was drawn since JavaFX's last pulse: a typed key's echo is drawn the moment it
 * arrives and shown at the next pulse. Otherwise at the first pulse after the interval, with everything
 * that arrived meanwhile: fast output is drawn at most once per interval and once per pulse, and the FX
 * thread is not kept busy with frames no one sees. Times in nanoseconds from one clock, given by the
 * caller; one thread (the FX thread).
 */
public final class FrameGate {
    private final long intervalNanos;
    private boolean paintedSincePulse;
    private boolean painted;
    private long lastPainted;
    private boolean waiting;

    public FrameGate(long intervalNanos) {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("interval must not be negative: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
    }

    /** A frame is wanted: true to paint it now, false when it waits for a later {@link #pulse}. */
    public boolean wanted(long now) {
        if (!paintedSincePulse && due(now)) {
            return true;
        }
        waiting = true;
        return false;
    }

    private boolean due(long now) {
        return !painted || now - lastPainted >= intervalNanos;
    }

    /** A frame drew something at {@code now}. A frame that changed nothing is not reported. */
    public void painted(long now) {
        painted = true;
        lastPainted = now;
        paintedSincePulse = true;
    }

    /**
     * JavaFX ran a pulse: true when a frame was waiting and is to be painted now. While {@link #waiting()}
     * stays true after it, the caller asks for another pulse.
     */
    public boolean pulse(long now) {
        paintedSincePulse = false;
        if (waiting && due(now)) {
            waiting = false;
            return true;
        }
        return false;
    }

    /** Whether a frame waits for a pulse. */
    public boolean waiting() {
        return waiting;
    }

    /**
     * How long a cursor blinks after it last moved (or a key was pressed, or the terminal got the focus):
     * then it stays shown, as GTK's terminals do after their 10 s blink timeout, so an idle terminal wakes
     * nothing up.
     */
    public static final long BLINK_TIMEOUT_MILLIS = 10_000;

    /**
     * Whether a blinking cursor shows, {@code sinceMoveMillis} after it last moved: it shows for one period
     * after a move, then hides and shows in turn.
     */
    public static boolean blinkShowing(long sinceMoveMillis, int periodMillis) {
        return blinkShowing(sinceMoveMillis, periodMillis, Long.MAX_VALUE);
    }

    /**
     * As {@link #blinkShowing(long, int)}, and shown for good from the first time it shows again at or after
     * {@code timeoutMillis}.
     */
    public static boolean blinkShowing(long sinceMoveMillis, int periodMillis, long timeoutMillis) {
        return periodMillis <= 0 || sinceMoveMillis < 0 || sinceMoveMillis >= blinkStop(periodMillis, timeoutMillis)
                || (sinceMoveMillis / periodMillis) % 2 == 0;
    }

    /** Milliseconds until a blinking cursor that last moved {@code sinceMoveMillis} ago next changes. */
    public static long untilBlinkChange(long sinceMoveMillis, int periodMillis) {
        return untilBlinkChange(sinceMoveMillis, periodMillis, Long.MAX_VALUE);
    }

    /**
     * As {@link #untilBlinkChange(long, int)} with the blink timeout: {@link Long#MAX_VALUE} once the cursor
     * has stopped blinking.
     */
    public static long untilBlinkChange(long sinceMoveMillis, int periodMillis, long timeoutMillis) {
        if (periodMillis <= 0) {
            return Long.MAX_VALUE;
        }
        long since = Math.max(0, sinceMoveMillis);
        if (since >= blinkStop(periodMillis, timeoutMillis)) {
            return Long.MAX_VALUE;
        }
        return periodMillis - since % periodMillis;
    }

    /** When blinking stops: the first start of a shown phase (an even number of periods) at or after the timeout. */
    private static long blinkStop(int periodMillis, long timeoutMillis) {
        long cycle = 2L * periodMillis;
        if (timeoutMillis > Long.MAX_VALUE - cycle) {
            return Long.MAX_VALUE;
        }
        return (Math.max(0, timeoutMillis) + cycle - 1) / cycle * cycle;
    }
}
