package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A session as OpenSSH would take it: an {@code ssh} command line, or a {@code Host} block for
 * {@code ~/.ssh/config}, with the keepalive settings in OpenSSH's terms.
 */
public final class OpenSshExport {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private OpenSshExport() {
    }

    /** E.g. {@code ssh -p 2222 -o ServerAliveInterval=30 -o ServerAliveCountMax=3 deploy@web.example.com}. */
    public static String command(EffectiveSettings s) {
        List<String> words = new ArrayList<>(List.of("ssh"));
        int port = s.get(Settings.PORT);
        if (port != 22) {
            words.addAll(List.of("-p", String.valueOf(port)));
        }
        if (s.get(Settings.AUTH) == AuthMethod.PUBLIC_KEY && !s.get(Settings.KEY_FILE).isBlank()) {
            words.addAll(List.of("-i", quote(s.get(Settings.KEY_FILE))));
        }
        for (String option : options(s)) {
            words.addAll(List.of("-o", quote(option.replaceFirst(" ", "="))));
        }
        String user = s.get(Settings.USER);
        String host = s.get(Settings.HOST);
        words.add(quote((user.isEmpty() ? "" : user + "@") + host));
        return String.join(" ", words);
    }

    /** A {@code Host} block named after the session (spaces become dashes). */
    public static String configBlock(EffectiveSettings s) {
        StringBuilder block = new StringBuilder("Host ").append(s.profile().name().strip().replaceAll("\\s+", "-"))
                .append('\n');
        block.append("    HostName ").append(s.get(Settings.HOST)).append('\n');
        if (s.get(Settings.PORT) != 22) {
            block.append("    Port ").append(s.get(Settings.PORT)).append('\n');
        }
        if (!s.get(Settings.USER).isEmpty()) {
            block.append("    User ").append(s.get(Settings.USER)).append('\n');
        }
        if (s.get(Settings.AUTH) == AuthMethod.PUBLIC_KEY && !s.get(Settings.KEY_FILE).isBlank()) {
            String key = s.get(Settings.KEY_FILE);
            block.append("    IdentityFile ").append(key.contains(" ") ? "\"" + key + "\"" : key).append('\n');
        }
        if (s.keepaliveMode() == KeepaliveMode.NULL_PACKET) {
            block.append("    # Holdfast sends null packets every ").append(s.get(Settings.KEEPALIVE_INTERVAL))
                    .append(" s; OpenSSH has none, its ServerAlive probes below also detect a dead server\n");
        }
        for (String option : options(s)) {
            block.append("    ").append(option).append('\n');
        }
        return block.toString();
    }

    private static List<String> options(EffectiveSettings s) {
        List<String> options = new ArrayList<>();
        KeepaliveMode mode = s.keepaliveMode();
        int interval = s.get(Settings.KEEPALIVE_INTERVAL);
        if (mode == KeepaliveMode.OFF || interval == 0) {
            options.add("ServerAliveInterval 0");
        } else {
            options.add("ServerAliveInterval " + interval);
            options.add("ServerAliveCountMax " + s.get(Settings.KEEPALIVE_COUNT_MAX));
        }
        options.add("TCPKeepAlive " + (s.get(Settings.TCP_KEEPALIVE) ? "yes" : "no"));
        if (!Objects.equals(s.get(Settings.CONNECT_TIMEOUT), Settings.CONNECT_TIMEOUT.builtIn())) {
            options.add("ConnectTimeout " + s.get(Settings.CONNECT_TIMEOUT));
        }
        return options;
    }

    private static String quote(String word) {
        return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
