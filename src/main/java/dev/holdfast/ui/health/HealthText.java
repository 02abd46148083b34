package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.KeepaliveMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How a health snapshot reads in the strip under a terminal. */
public final class HealthText {
    private HealthText() {
    }

    /** E.g. "probes 12 · replies 12 · unanswered 0/3 · rtt 1.3 ms · server silent 4 s". */
    public static String strip(HealthSnapshot s) {
        String silent = "server silent " + seconds(s.serverSilent());
        if (s.mode() == KeepaliveMode.PROBE) {
            return (s.state() == HealthSnapshot.State.DEAD ? "dead \u00b7 " : "")
                    + "probes " + s.probesSent() + " \u00b7 replies " + s.repliesReceived()
                    + " \u00b7 unanswered " + s.unanswered() + "/" + s.countMax()
                    + " \u00b7 rtt " + millis(s.lastRtt()) + " \u00b7 " + silent;
        }
        if (s.mode() == KeepaliveMode.NULL_PACKET) {
            return "null packets " + s.nullPacketsSent() + " \u00b7 " + silent
                    + " \u00b7 null packets cannot detect a dead connection";
        }
        return "keepalives off \u00b7 " + silent + " \u00b7 a dead connection goes unnoticed";
    }

    /**
     * The first jump host's part of the strip: "via bastion:2222 rtt 1.3 ms" while the target answers; once the
     * target misses a probe, which hop went quiet: "jump host bastion:2222 answers: the silence is beyond it", or
     * "jump host bastion:2222 silent 5 s too" (the path to it is down).
     */
    public static String hop(dev.holdfast.keepalive.HopHealth hop, HealthSnapshot target, long nowNanos) {
        if (target.mode() != KeepaliveMode.PROBE) {
            return "via " + hop.endpoint();
        }
        boolean troubled = target.state() == HealthSnapshot.State.SUSPECT || target.state() == HealthSnapshot.State.DEAD
                || target.unanswered() > 0;
        if (!troubled) {
            return "via " + hop.endpoint() + " rtt " + millis(hop.lastRtt());
        }
        if (hop.answersWhileTargetSilent(nowNanos, target.serverSilent())) {
            return "jump host " + hop.endpoint() + " answers: the silence is beyond it";
        }
        return "jump host " + hop.endpoint() + " silent " + seconds(hop.silent(nowNanos)) + " too";
    }

    public static String millis(Optional<Duration> rtt) {
        return rtt.map(d -> String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6)).orElse("\u2013");
    }

    public static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    /** The CSS class of the state dot. */
    public static String dotClass(HealthSnapshot.State state) {
        return switch (state) {
            case HEALTHY -> "dot-healthy";
            case SUSPECT -> "dot-suspect";
            case DEAD -> "dot-dead";
            case UNMONITORED -> "dot-unmonitored";
        };
    }
}
