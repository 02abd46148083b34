package dev.holdfast.keepalive;

import java.time.Duration;

/**
 * A connection's SSH keepalive settings.
 *
 * @param mode probes, null packets or off
 * @param interval OpenSSH's ServerAliveInterval; zero turns keepalives off
 * @param countMax OpenSSH's ServerAliveCountMax
 */
public record KeepalivePolicy(KeepaliveMode mode, Duration interval, int countMax) {

    public KeepalivePolicy {
        if (interval.isNegative() || countMax < 1) {
            throw new IllegalArgumentException("interval must be >= 0 and countMax >= 1");
        }
    }

    /** What actually runs: interval 0 means off whatever the mode. */
    public KeepaliveMode effectiveMode() {
        return interval.isZero() ? KeepaliveMode.OFF : mode;
    }
}
