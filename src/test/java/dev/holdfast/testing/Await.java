package dev.holdfast.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waiting for a condition instead of sleeping and hoping: polls until the condition holds or a deadline
 * passes, then fails with what was awaited and, if given, the state at the deadline.
 *
 * <p>Deadlines are scaled by the system property {@code holdfast.test.timeScale} (default 1), so a slow
 * or busy machine can be given more time without editing tests: {@code -Dholdfast.test.timeScale=3}.
 * A deadline is a limit, not a wait: a condition that holds early returns early.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** The limit as stretched by {@code holdfast.test.timeScale}. */
    public static Duration scaled(Duration limit) {
        double scale = timeScale();
        return Duration.ofNanos((long) (limit.toNanos() * scale));
    }

    static double timeScale() {
        String value = System.getProperty("holdfast.test.timeScale", "1");
        try {
            double scale = Double.parseDouble(value);
            return scale >= 1 ? scale : 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("holdfast.test.timeScale must be a number, not " + value, e);
        }
    }

    /** Waits until {@code condition} is true; fails naming {@code what} after {@code limit} (scaled). */
    public static void until(String what, Duration limit, Callable<Boolean> condition) throws InterruptedException {
        until(what, limit, condition, () -> "");
    }

    /**
     * As {@link #until(String, Duration, Callable)}, adding {@code state} (evaluated at the deadline) to the
     * failure message.
     */
    public static void until(String what, Duration limit, Callable<Boolean> condition, Supplier<String> state)
            throws InterruptedException {
        value(what, limit, () -> Boolean.TRUE.equals(condition.call()) ? Optional.of(Boolean.TRUE)
                : Optional.empty(), state);
    }

    /** Waits until {@code probe} yields a value and returns it; fails naming {@code what} after the limit. */
    public static <T> T value(String what, Duration limit, Callable<Optional<T>> probe) throws InterruptedException {
        return value(what, limit, probe, () -> "");
    }

    /** As {@link #value(String, Duration, Callable)} with the state at the deadline in the failure message. */
    public static <T> T value(String what, Duration limit, Callable<Optional<T>> probe, Supplier<String> state)
            throws InterruptedException {
        Duration scaled = scaled(limit);
        Exception[] last = {null};
        Optional<T> found = poll(scaled, probe, last);
        if (found.isPresent()) {
            return found.get();
        }
        String detail = state.get();
        AssertionError failure = new AssertionError("Timed out after " + scaled.toMillis() + " ms waiting for "
                + what + (detail.isEmpty() ? "" : ": " + detail));
        if (last[0] != null) {
            failure.initCause(last[0]);
        }
        throw failure;
    }

    /**
     * Whether {@code condition} became true within {@code limit} (scaled), for clean-up code that goes on
     * (say, to a forcible kill) when it did not.
     */
    public static boolean within(Duration limit, Callable<Boolean> condition) throws InterruptedException {
        return poll(scaled(limit), () -> Boolean.TRUE.equals(condition.call()) ? Optional.of(Boolean.TRUE)
                : Optional.empty(), new Exception[1]).isPresent();
    }

    private static <T> Optional<T> poll(Duration limit, Callable<Optional<T>> probe, Exception[] last)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                Optional<T> found = probe.call();
                if (found.isPresent()) {
                    return found;
                }
                last[0] = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last[0] = e; // the condition may throw while what it looks at is still getting ready
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            // The polling step, the one sleep this helper is made of: not synchronisation by time.
            Thread.sleep(POLL_MILLIS);
        }
    }
}
