package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.Optional;

/**
 * One connection's keepalive counters at one moment. Immutable; the UI samples these a few times a second.
 *
 * @param mode the keepalive mode in force
 * @param state healthy, suspect, dead, or unmonitored for modes that cannot tell
 * @param probesSent keepalive probes sent so far (over reconnects too)
 * @param repliesReceived replies to them
 * @param unanswered probes sent since the server last sent anything (the streak compared to CountMax)
 * @param countMax the limit: a probe falling due with this many unanswered declares the connection dead
 * @param nullPacketsSent null packets sent so far
 * @param lastRtt round-trip time of the latest answered probe
 * @param minRtt shortest round trip
 * @param avgRtt mean round trip
 * @param maxRtt longest round trip
 * @param serverSilent time since the last byte from the server
 * @param bytesIn bytes received on this connection
 * @param bytesOut bytes sent on this connection
 * @param deadCause why the connection was declared dead, once it was
 * @param checking why the connection is being checked at once (after a wake or a network change), while it is
 */
public record HealthSnapshot(KeepaliveMode mode, State state, long probesSent, long repliesReceived, int unanswered,
                             int countMax, long nullPacketsSent, Optional<Duration> lastRtt, Optional<Duration> minRtt,
                             Optional<Duration> avgRtt, Optional<Duration> maxRtt, Duration serverSilent,
                             long bytesIn, long bytesOut, Optional<String> deadCause,
                             Optional<CheckReason> checking) {

    /** The connection's health as the keepalives see it. */
    public enum State {
        /** Probes are answered (or none was needed yet). */
        HEALTHY,
        /** A probe has gone unanswered for more than a second (or half an Interval, if shorter). */
        SUSPECT,
        /** CountMax probes went unanswered. */
        DEAD,
        /** Null packets or off: nothing can tell whether the server is alive. */
        UNMONITORED
    }
}
