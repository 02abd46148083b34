package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.Optional;

/**
 * The first jump host of a connection as its keepalive sees it, beside the target's {@link HealthSnapshot}: each
 * probe to the target is copied to it, and its answers say, when the target goes quiet, whether the path to the
 * jump host is still there. Immutable.
 *
 * @param endpoint the jump host, as {@code host:port}
 * @param lastInboundNanos when it last sent anything ({@link System#nanoTime()} scale)
 * @param probesSent probes copied to it
 * @param repliesReceived its answers to them
 * @param lastRtt the round trip of its last answer, if any
 */
public record HopHealth(String endpoint, long lastInboundNanos, long probesSent, long repliesReceived,
                        Optional<Duration> lastRtt) {
    /** How much more recently the jump host must have spoken than the target for the silence to be beyond it. */
    public static final Duration SPOKE_LATER = Duration.ofMillis(500);

    /** How long it has been silent at {@code nowNanos}. */
    public Duration silent(long nowNanos) {
        return Duration.ofNanos(Math.max(0, nowNanos - lastInboundNanos));
    }

    /**
     * Whether it still answered well after a target that has been silent for {@code targetSilent}: the silence is
     * then beyond the jump host.
     */
    public boolean answersWhileTargetSilent(long nowNanos, Duration targetSilent) {
        return silent(nowNanos).plus(SPOKE_LATER).compareTo(targetSilent) < 0;
    }
}
