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

    /** The SSH-layer bytes of one probe (a keepalive@openssh.com request) and of its reply, about. */
    public static final int PROBE_BYTES_OUT = 68;
    public static final int PROBE_BYTES_BACK = 36;
    /** The SSH-layer bytes of one null packet (SSH_MSG_IGNORE), about; nothing comes back. */
    public static final int NULL_PACKET_BYTES = 36;

    /**
     * What the keepalives cost an idle connection in an hour at the SSH layer (TCP/IP headers come on
     * top), for choosing an interval: empty when nothing is sent.
     */
    public static Optional<String> trafficPerHour(KeepaliveMode mode, Duration interval) {
        if (mode == KeepaliveMode.OFF || interval.isZero() || interval.isNegative()) {
            return Optional.empty();
        }
        long perHour = Duration.ofHours(1).toSeconds() / Math.max(1, interval.toSeconds());
        long bytes = perHour * (mode == KeepaliveMode.PROBE ? PROBE_BYTES_OUT + PROBE_BYTES_BACK : NULL_PACKET_BYTES);
        String what = mode == KeepaliveMode.PROBE
                ? perHour + (perHour == 1 ? " probe" : " probes") + ", each about " + PROBE_BYTES_OUT + " bytes out and "
                        + PROBE_BYTES_BACK + " back"
                : perHour + (perHour == 1 ? " null packet" : " null packets") + " of about " + NULL_PACKET_BYTES
                        + " bytes, with nothing back";
        return Optional.of("About " + amount(bytes) + " an hour while idle: " + what + ".");
    }

    private static String amount(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        return Math.round(bytes / 1000.0) + " kB"; // at most 375 kB: the interval is at least 1 s
    }
}
