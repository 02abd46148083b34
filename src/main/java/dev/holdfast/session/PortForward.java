package dev.holdfast.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One port forward of a session, written as after ssh's {@code -L}, {@code -R} and {@code -D}, with the letter
 * first: {@code L 8080:db.internal:5432}, {@code L 127.0.0.1:8080:db:5432}, {@code R 9000:localhost:3000},
 * {@code D 1080}; ssh_config's spaced form ({@code L 8080 db:5432}) is read too. IPv6 addresses go in brackets.
 * An empty bind address means loopback (as ssh without {@code GatewayPorts}); {@code *} means every address.
 * A session holds its forwards one per line. Pure; any thread.
 *
 * @param kind local, remote or dynamic (SOCKS)
 * @param bindAddress where the listening side binds; empty for loopback
 * @param bindPort the listening port (0 for a remote forward lets the server choose)
 * @param host where connections are sent (empty for dynamic, and for a remote SOCKS proxy)
 * @param hostPort the port connections are sent to (0 for dynamic, and for a remote SOCKS proxy)
 */
public record PortForward(Kind kind, String bindAddress, int bindPort, String host, int hostPort) {

    /** Which side listens and what it does with a connection. */
    public enum Kind {
        /** Listens here, connects from the server ({@code -L}). */
        LOCAL("L"),
        /** Listens on the server, connects from here ({@code -R}). */
        REMOTE("R"),
        /** A SOCKS proxy here, connecting from the server to wherever each client asks ({@code -D}). */
        DYNAMIC("D");

        private final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        public String letter() {
            return letter;
        }
    }

    /**
     * A remote forward with no destination ({@code R [address:]port}, OpenSSH 7.6's reverse dynamic forward): a
     * SOCKS proxy on the server, each client's CONNECT made from this computer.
     */
    public boolean remoteSocks() {
        return kind == Kind.REMOTE && host.isEmpty();
    }

    /** As a session's forwards field writes it. */
    public String text() {
        String bind = (bindAddress.isEmpty() ? "" : bracket(bindAddress) + ":") + bindPort;
        return kind.letter() + " " + bind + (kind == Kind.DYNAMIC || remoteSocks() ? "" : ":" + bracket(host) + ":"
                + hostPort);
    }

    /** In words for the tab's list: "localhost:8080 → db:5432 (through the server)". */
    public String describe() {
        String bind = (bindAddress.isEmpty() ? "localhost" : bracket(bindAddress)) + ":" + bindPort;
        return switch (kind) {
            case LOCAL -> bind + " \u2192 " + bracket(host) + ":" + hostPort + " (from the server)";
            case REMOTE -> remoteSocks() ? "SOCKS proxy on the server's " + bind + " (connecting from here)"
                    : "server's " + bind + " \u2192 " + bracket(host) + ":" + hostPort + " (from here)";
            case DYNAMIC -> "SOCKS proxy on " + bind;
        };
    }

    /** All forwards of a field's text, one per line (blank lines and {@code #} comments skipped), or what is wrong. */
    public static Parsed<List<PortForward>> parseAll(String text) {
        List<PortForward> forwards = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Parsed<PortForward> one = parse(line);
            if (!one.isOk()) {
                return Parsed.error((lines.length > 1 ? "Line " + (i + 1) + ": " : "") + one.error().orElseThrow());
            }
            forwards.add(one.value());
        }
        return Parsed.ok(List.copyOf(forwards));
    }

    /** The message for the editor, or empty when every line is a valid forward. */
    public static Optional<String> check(String text) {
        return parseAll(text).error();
    }

    /** One forward: a letter (L, R, D, or -L, -R, -D) and ssh's spec. */
    public static Parsed<PortForward> parse(String line) {
        String text = line.strip();
        if (text.startsWith("-")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            return Parsed.error("Empty forward");
        }
        Kind kind = switch (text.substring(0, 1).toUpperCase(Locale.ROOT)) {
            case "L" -> Kind.LOCAL;
            case "R" -> Kind.REMOTE;
            case "D" -> Kind.DYNAMIC;
            default -> null;
        };
        if (kind == null) {
            return Parsed.error("Start with L (local), R (remote) or D (SOCKS): '" + line.strip() + "'");
        }
        String spec = text.substring(1).strip();
        List<String> fields = new ArrayList<>();
        for (String word : spec.split("\\s+", -1)) {
            Parsed<List<String>> split = splitColons(word);
            if (!split.isOk()) {
                return Parsed.error(split.error().orElseThrow());
            }
            fields.addAll(split.value());
        }
        fields.removeIf(String::isEmpty);
        // R with only [address:]port is a SOCKS proxy on the server, as in OpenSSH (ssh -G prints it "[socks]:0")
        boolean reverseSocks = kind == Kind.REMOTE && (fields.size() == 1 || fields.size() == 2);
        int targetFields = kind == Kind.DYNAMIC || reverseSocks ? 0 : 2;
        int bindFields = fields.size() - targetFields;
        if (bindFields < 1 || bindFields > 2) {
            return Parsed.error(kind == Kind.DYNAMIC ? "Write D [address:]port, e.g. D 1080"
                    : "Write " + kind.letter() + " [address:]port:host:hostport, e.g. " + kind.letter()
                    + " 8080:localhost:80" + (kind == Kind.REMOTE ? " (or R [address:]port for a SOCKS proxy on the"
                    + " server)" : ""));
        }
        String bindAddress = bindFields == 2 ? fields.get(0) : "";
        if (bindAddress.equalsIgnoreCase("localhost")) {
            bindAddress = "";
        }
        Parsed<Integer> bindPort = port(fields.get(bindFields - 1), kind == Kind.REMOTE);
        if (!bindPort.isOk()) {
            return Parsed.error(bindPort.error().orElseThrow());
        }
        if (!bindAddress.isEmpty() && !bindAddress.equals("*")) {
            Optional<String> bad = FieldRules.host(bindAddress);
            if (bad.isPresent()) {
                return Parsed.error("Listening address: " + bad.get());
            }
        }
        if (kind == Kind.DYNAMIC || reverseSocks) {
            return Parsed.ok(new PortForward(kind, bindAddress, bindPort.value(), "", 0));
        }
        String host = fields.get(bindFields);
        Optional<String> badHost = FieldRules.host(host);
        if (badHost.isPresent()) {
            return Parsed.error("Destination: " + badHost.get());
        }
        Parsed<Integer> hostPort = port(fields.get(bindFields + 1), false);
        if (!hostPort.isOk()) {
            return Parsed.error(hostPort.error().orElseThrow());
        }
        return Parsed.ok(new PortForward(kind, bindAddress, bindPort.value(), host, hostPort.value()));
    }

    /** Splits at colons outside brackets, dropping the brackets. */
    private static Parsed<List<String>> splitColons(String word) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBrackets = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '[' && !inBrackets) {
                inBrackets = true;
            } else if (c == ']' && inBrackets) {
                inBrackets = false;
            } else if (c == ':' && !inBrackets) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (inBrackets) {
            return Parsed.error("Unbalanced brackets in '" + word + "'");
        }
        parts.add(current.toString());
        return Parsed.ok(parts);
    }

    private static Parsed<Integer> port(String text, boolean zeroAllowed) {
        try {
            int port = Integer.parseInt(text);
            if (port >= (zeroAllowed ? 0 : 1) && port <= 65_535) {
                return Parsed.ok(port);
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        return Parsed.error("Not a port number: '" + text + "' (1 to 65535)");
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
