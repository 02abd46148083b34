package dev.holdfast.keepalive;

import java.time.Duration;

/**
 * A connection's SSH keepalive settings.
 *
 * @param mode probes, null packets or off
 * @param interval OpenSSH's ServerAliveInterval; zero turns keepalives off
 * @param countMax OpenSSH's ServerAliveCountMax
 * @param checkDeadline how long a check after a wake or a network change waits for an answer before the
 *                      connection is declared dead
 * @param logProbes whether every probe and reply gets a line in the event log (to watch what a NAT does)
 */
public record KeepalivePolicy(KeepaliveMode mode, Duration interval, int countMax, Duration checkDeadline,
                              boolean logProbes) {
    /** The wake-check deadline when none is set. */
    public static final Duration DEFAULT_CHECK_DEADLINE = Duration.ofSeconds(5);

    public KeepalivePolicy {
        if (interval.isNegative() || countMax < 1 || checkDeadline.isNegative() || checkDeadline.isZero()) {
            throw new IllegalArgumentException("interval must be >= 0, countMax >= 1 and checkDeadline > 0");
        }
    }

    /** With the default wake-check deadline and no probe log. */
    public KeepalivePolicy(KeepaliveMode mode, Duration interval, int countMax) {
        this(mode, interval, countMax, DEFAULT_CHECK_DEADLINE, false);
    }

    /** What actually runs: interval 0 means off whatever the mode. */
    public KeepaliveMode effectiveMode() {
        return interval.isZero() ? KeepaliveMode.OFF : mode;
    }
}
