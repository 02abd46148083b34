package dev.holdfast.ui.terminal;

import dev.holdfast.session.PortForward;
import dev.holdfast.ssh.forward.ForwardState;
import java.util.List;
import java.util.Locale;

/** What the forwards list shows for each forward, in words. Pure; any thread. */
final class ForwardsText {
    private ForwardsText() {
    }

    /** One line of the list. */
    record Row(String description, String state, String open, String connections, String bytes) {
    }

    static List<Row> rows(List<ForwardState> states) {
        return states.stream().map(ForwardsText::row).toList();
    }

    static Row row(ForwardState s) {
        String connections = s.connections() + (s.failedConnections() > 0 ? " (" + s.failedConnections()
                + " could not be carried)" : "");
        return new Row(s.forward().describe(), state(s), String.valueOf(s.openChannels()), connections,
                "in " + bytes(s.bytesIn()) + " \u00b7 out " + bytes(s.bytesOut()));
    }

    static String state(ForwardState s) {
        boolean remote = s.forward().kind() == PortForward.Kind.REMOTE;
        return switch (s.phase()) {
            case STARTING -> !s.problem().isEmpty() ? s.problem()
                    : remote ? "asking the server to listen\u2026" : "starting\u2026";
            case LISTENING -> (remote ? "the server listens on port " : "listening on port ") + s.port();
            case FAILED -> "failed: " + s.problem();
            case CLOSED -> "closed";
        };
    }

    /** 0 B, 999 B, 1.5 KB, 12 MB, 3.2 GB (powers of 1024, as file managers show sizes). */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.valueOf(Math.round(value))) + " "
                + units[unit];
    }

    /** Shown instead of the list when there is nothing to list. */
    static String empty(boolean connected) {
        return connected ? "This session has no port forwards (add them on the Tunnels page of its settings)."
                : "Not connected: the forwards start again with the next connection.";
    }
}
