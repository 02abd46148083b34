package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When automatic reconnects happen: the first after the session's delay, each later one after twice the
 * previous wait, with +/-20% randomness so many tabs dropped together do not retry in step, and never
 * more than five minutes.
 */
public final class ReconnectBackoff {
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private ReconnectBackoff() {
    }

    /**
     * The wait before an automatic reconnect attempt: doubling from {@code first}, jittered by +-20 %, capped.
     *
     * @param first the session's reconnect delay
     * @param attempt 1 for the first automatic attempt
     * @param random a number in [0, 1), such as {@code Math::random}
     */
    public static Duration wait(Duration first, int attempt, DoubleSupplier random) {
        double base = (double) first.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double jittered = base * (0.8 + 0.4 * random.getAsDouble());
        return Duration.ofMillis((long) Math.min(jittered, (double) MAX_WAIT.toMillis()));
    }
}
