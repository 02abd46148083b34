package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.Optional;

/**
 * OpenSSH's ServerAliveInterval / ServerAliveCountMax rule, stated once.
 *
 * <p>A probe is sent when the server has been silent for {@code interval}; any packet from the server
 * resets the unanswered streak. When a probe falls due while the streak already equals
 * {@code countMax}, the connection is declared dead. With interval 15 s and CountMax 3 the probes go out
 * at +15, +30 and +45 s after the last inbound byte, and the connection is declared dead at +60 s:
 * {@code interval x (countMax + 1)}.
 */
public final class DeadPeerRule {
    private DeadPeerRule() {
    }

    /**
     * How long after the server's last packet a connection is declared dead, or empty when the given
     * settings can never declare it dead (null packets, off, or an interval of zero).
     */
    public static Optional<Duration> declaredDeadAfter(KeepaliveMode mode, Duration interval, int countMax) {
        if (mode != KeepaliveMode.PROBE || interval.isZero() || interval.isNegative() || countMax < 1) {
            return Optional.empty();
        }
        return Optional.of(interval.multipliedBy(countMax + 1L));
    }

    /** A sentence for the keepalive panel describing what the settings mean. */
    public static String describe(KeepaliveMode mode, Duration interval, int countMax) {
        if (mode == KeepaliveMode.OFF || interval.isZero()) {
            return "Keepalive is off: a dead connection is noticed only when you type and the write fails.";
        }
        if (mode == KeepaliveMode.NULL_PACKET) {
            return "A null packet every " + interval.toSeconds()
                    + " s keeps NAT and firewalls awake, but a dead connection is not detected.";
        }
        return declaredDeadAfter(mode, interval, countMax)
                .map(d -> "Declared dead about " + d.toSeconds() + " s after the server goes silent ("
                        + countMax + " unanswered probe" + (countMax == 1 ? "" : "s") + ", one every "
                        + interval.toSeconds() + " s).")
                .orElse("Keepalive cannot detect a dead connection with these values.");
    }
}
