package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.JumpHosts;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.PortForward;
import dev.holdfast.session.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A session as OpenSSH would take it: an {@code ssh} command line, or a {@code Host} block for
 * {@code ~/.ssh/config}, with the keepalive settings in OpenSSH's terms.
 */
public final class OpenSshExport {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");
    /** What ssh_config reads as one plain word in every version ('=' can end a keyword in old ones). */
    private static final Pattern CONFIG_SAFE = Pattern.compile("[A-Za-z0-9@%+:,./_-]+");

    private OpenSshExport() {
    }

    /** E.g. {@code ssh -p 2222 -o ServerAliveInterval=30 -o ServerAliveCountMax=3 deploy@web.example.com}. */
    public static String command(EffectiveSettings s) {
        List<String> words = new ArrayList<>(List.of("ssh"));
        int port = s.get(Settings.PORT);
        if (port != 22) {
            words.addAll(List.of("-p", String.valueOf(port)));
        }
        String note = "";
        if (s.get(Settings.AUTH) == AuthMethod.PUBLIC_KEY && !s.get(Settings.KEY_FILE).isBlank()) {
            String key = s.get(Settings.KEY_FILE);
            // ssh expands %-tokens and ${VARIABLES} in key files given with -i, after checking the name as given:
            // a '%' goes through -o IdentityFile (no check, "%%" is one '%'); '${' and what ssh_config cannot hold
            // (a '"', a line break) are left out, said in a shell comment at the end
            Optional<String> problem = key.contains("${") ? Optional.of("holds '${', which ssh expands")
                    : key.contains("%") ? unwritable(key) : Optional.empty();
            if (problem.isPresent()) {
                note = " # key file left out: it " + problem.get().replaceAll("\\p{Cc}", " ");
            } else if (key.contains("%")) {
                words.addAll(List.of("-o", shellQuote("IdentityFile=" + quote(key.replace("%", "%%")))));
            } else {
                words.addAll(List.of("-i", shellQuote(key)));
            }
        }
        for (String option : options(s)) {
            words.addAll(List.of("-o", shellQuote(option.replaceFirst(" ", "="))));
        }
        String user = s.get(Settings.USER);
        String host = unbracketed(s.get(Settings.HOST)); // ssh takes "user@[::1]" as a host named "[::1]"
        String destination = (user.isEmpty() ? "" : user + "@") + host;
        if (destination.startsWith("-")) {
            words.add("--"); // never an option, whatever the settings file held
        }
        words.add(shellQuote(destination));
        return String.join(" ", words) + note;
    }

    /**
     * A {@code Host} block named after the session, safe to paste into {@code ~/.ssh/config}: the alias
     * holds only letters, digits, '.', '_' and '-' (so it is no pattern and matches no other host), and
     * every value is written so that OpenSSH reads back exactly that value and nothing more (double quotes,
     * backslashes escaped where its argument splitting would take them, '%' doubled where it expands
     * tokens). A value that ssh_config cannot hold (a control character such as a newline, a '"', or a
     * token OpenSSH would expand) is left out with a {@code #} comment saying why; when that value is the
     * host name, the whole block is refused: the text is then only comments.
     */
    public static String configBlock(EffectiveSettings s) {
        String host = s.get(Settings.HOST);
        Optional<String> hostProblem = host.isEmpty() ? Optional.of("it has no host name")
                : FieldRules.host(host).map(p -> "its host name is not valid (" + p + ")");
        if (hostProblem.isEmpty()) {
            hostProblem = unwritable(host).map(p -> "its host name " + p);
        }
        if (hostProblem.isPresent()) {
            return "# Holdfast did not export this session as a Host block: " + hostProblem.get() + ".\n";
        }
        StringBuilder block = new StringBuilder("Host ").append(alias(s.profile().name())).append('\n');
        // HostName expands %h and %%; brackets around an IPv6 address are Holdfast's, not ssh_config's
        block.append("    HostName ").append(quote(unbracketed(host).replace("%", "%%"))).append('\n');
        if (s.get(Settings.PORT) != 22) {
            block.append("    Port ").append(s.get(Settings.PORT)).append('\n');
        }
        String user = s.get(Settings.USER);
        if (!user.isEmpty()) {
            // newer OpenSSH expands %-tokens and ${VARIABLES} in User; no escape works in every version
            Optional<String> problem = unwritable(user).or(() -> user.contains("%") || user.contains("$")
                    ? Optional.of("holds '%' or '$', which newer OpenSSH versions expand") : Optional.empty());
            append(block, "User", user, problem);
        }
        if (s.get(Settings.AUTH) == AuthMethod.PUBLIC_KEY && !s.get(Settings.KEY_FILE).isBlank()) {
            String key = s.get(Settings.KEY_FILE);
            // IdentityFile expands %-tokens (%% is a '%') and ${VARIABLES} (no escape for those)
            Optional<String> problem = unwritable(key).or(() -> key.contains("${")
                    ? Optional.of("holds '${', which OpenSSH expands as an environment variable") : Optional.empty());
            append(block, "IdentityFile", key.replace("%", "%%"), problem);
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

    /**
     * What an export from {@link #command} or {@link #configBlock} left out, or refused, in the words of its
     * comments, so the user can be told at once rather than on pasting it. Empty when nothing was.
     */
    public static List<String> leftOut(String exported) {
        List<String> problems = new ArrayList<>();
        for (String line : exported.lines().toList()) {
            int hash = line.indexOf("# ");
            String comment = hash < 0 ? "" : line.substring(hash + 2).strip();
            if (comment.contains(" left out: ") || comment.startsWith("Holdfast did not export")) {
                problems.add(comment);
            }
        }
        return problems;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static void append(StringBuilder block, String keyword, String value, Optional<String> problem) {
        if (problem.isPresent()) {
            block.append("    # ").append(keyword).append(" left out: the session's value ").append(problem.get())
                    .append('\n');
        } else {
            block.append("    ").append(keyword).append(' ').append(quote(value)).append('\n');
        }
    }

    /** Why ssh_config cannot hold {@code value} at all, or empty: control characters and '"' cannot be quoted. */
    static Optional<String> unwritable(String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("holds a control character (such as a line break), which ssh_config cannot hold");
        }
        if (value.indexOf('"') >= 0) {
            return Optional.of("holds a '\"', which ssh_config cannot hold inside a quoted value");
        }
        return Optional.empty();
    }

    /**
     * The value as one ssh_config argument: as is when plain, else in double quotes, with each backslash
     * that OpenSSH would read as an escape (before a backslash, a quote or the closing quote) doubled.
     */
    static String quote(String value) {
        if (CONFIG_SAFE.matcher(value).matches()) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            quoted.append(c);
            if (c == '\\' && (i + 1 == value.length() || value.charAt(i + 1) == '\\' || value.charAt(i + 1) == '\'')) {
                quoted.append('\\');
            }
        }
        return quoted.append('"').toString();
    }

    /** The session name as a Host alias: letters, digits, '.', '_', '-'; anything else becomes '-'. */
    static String alias(String name) {
        String alias = name.replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        return alias.isEmpty() ? "holdfast-session" : alias;
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
        Parsed<List<JumpHosts.Hop>> jumps = JumpHosts.parse(s.get(Settings.PROXY_JUMP));
        if (jumps.isOk() && !jumps.value().isEmpty()) {
            String chain = JumpHosts.format(jumps.value());
            // a user name may hold what ssh_config or the shell reads otherwise: such a chain is left out
            if (CONFIG_SAFE.matcher(chain.replace("[", "").replace("]", "")).matches() && !chain.contains("%")) {
                options.add("ProxyJump " + chain);
            }
        }
        if (s.get(Settings.FORWARD_AGENT)) {
            options.add("ForwardAgent yes");
        }
        if (s.get(Settings.AUTH) == AuthMethod.PUBLIC_KEY) {
            if (s.get(Settings.AGENT) == AgentUse.OFF) {
                options.add("IdentityAgent none");
            }
            String certificate = s.get(Settings.CERTIFICATE_FILE);
            if (!certificate.isBlank() && unwritable(certificate).isEmpty() && !certificate.contains("${")) {
                options.add("CertificateFile " + quote(certificate.replace("%", "%%")));
            }
        }
        Parsed<List<PortForward>> forwards = PortForward.parseAll(s.get(Settings.FORWARDS));
        if (forwards.isOk()) {
            for (PortForward forward : forwards.value()) {
                options.add(forwardOption(forward));
            }
        }
        return options;
    }

    /** A forward in ssh_config's words: {@code LocalForward [address:]port host:hostport}, IPv6 in brackets. */
    private static String forwardOption(PortForward forward) {
        String bind = (forward.bindAddress().isEmpty() ? "" : bracket(forward.bindAddress()) + ":") + forward.bindPort();
        return switch (forward.kind()) {
            case LOCAL -> "LocalForward " + bind + " " + bracket(forward.host()) + ":" + forward.hostPort();
            case REMOTE -> forward.remoteSocks() ? "RemoteForward " + bind
                    : "RemoteForward " + bind + " " + bracket(forward.host()) + ":" + forward.hostPort();
            case DYNAMIC -> "DynamicForward " + bind;
        };
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static String shellQuote(String word) {
        return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
