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
