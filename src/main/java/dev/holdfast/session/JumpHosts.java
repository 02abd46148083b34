package dev.holdfast.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chain of jump hosts as OpenSSH's {@code ProxyJump} (and {@code ssh -J}) writes it:
 * {@code [user@]host[:port]} hops separated by commas, IPv6 literals in brackets; the target is reached from
 * the last one. Empty, or {@code none}, means a direct connection. Pure; any thread.
 */
public final class JumpHosts {
    /** As many hops as anyone needs; a longer chain is a mistake (or a loop). */
    public static final int MAX_HOPS = 8;

    /**
     * One hop.
     *
     * @param user the login name; empty means the target's user (as ssh uses the local user name)
     * @param host host name or IP literal (IPv6 without brackets)
     * @param port TCP port
     */
    public record Hop(String user, String host, int port) {
        /** As {@code ProxyJump} writes it. */
        public String text() {
            String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return (user.isEmpty() ? "" : user + "@") + shownHost + (port == 22 ? "" : ":" + port);
        }
    }

    private JumpHosts() {
    }

    /** The hops of {@code text}, or what is wrong with it. */
    public static Parsed<List<Hop>> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
            return Parsed.ok(List.of());
        }
        List<Hop> hops = new ArrayList<>();
        String[] parts = trimmed.split(",", -1);
        if (parts.length > MAX_HOPS) {
            return Parsed.error("At most " + MAX_HOPS + " jump hosts");
        }
        for (String part : parts) {
            Parsed<Hop> hop = hop(part.strip());
            if (!hop.isOk()) {
                return Parsed.error(hop.error().orElseThrow());
            }
            hops.add(hop.value());
        }
        return Parsed.ok(List.copyOf(hops));
    }

    /** The message for the editor, or empty when {@code text} is a valid chain. */
    public static Optional<String> check(String text) {
        return parse(text).error();
    }

    /** The chain as {@code ProxyJump} writes it; empty for none. */
    public static String format(List<Hop> hops) {
        return String.join(",", hops.stream().map(Hop::text).toList());
    }

    private static Parsed<Hop> hop(String text) {
        if (text.isEmpty()) {
            return Parsed.error("A jump host is empty: write user@host:port, separated by commas");
        }
        if (text.startsWith("ssh://")) {
            text = text.substring("ssh://".length());
        }
        String user = "";
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            user = text.substring(0, at);
            text = text.substring(at + 1);
            if (user.isEmpty()) {
                return Parsed.error("Nothing before '@' in a jump host");
            }
            Optional<String> bad = FieldRules.user(user);
            if (bad.isPresent()) {
                return Parsed.error(bad.get());
            }
        }
        String host = text;
        int port = 22;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Parsed.error("Unbalanced brackets in jump host " + text);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Parsed.error("Expected ':port' after ']' in jump host " + text);
                }
                Parsed<Integer> p = port(rest.substring(1));
                if (!p.isOk()) {
                    return Parsed.error(p.error().orElseThrow());
                }
                port = p.value();
            }
            // brackets hold an IPv6 address, or (as ssh also reads them) any address
            Optional<String> bad = FieldRules.host(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
            if (bad.isPresent()) {
                return Parsed.error("Jump host: " + bad.get());
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                return Parsed.error("Put an IPv6 address of a jump host in brackets: [" + text + "]");
            }
            if (colon >= 0) {
                host = text.substring(0, colon);
                Parsed<Integer> p = port(text.substring(colon + 1));
                if (!p.isOk()) {
                    return Parsed.error(p.error().orElseThrow());
                }
                port = p.value();
            }
            Optional<String> bad = FieldRules.host(host);
            if (bad.isPresent()) {
                return Parsed.error("Jump host: " + bad.get());
            }
        }
        return Parsed.ok(new Hop(user, host, port));
    }

    private static Parsed<Integer> port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return Parsed.ok(port);
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        return Parsed.error("Not a port number in a jump host: '" + text + "' (1 to 65535)");
    }
}
