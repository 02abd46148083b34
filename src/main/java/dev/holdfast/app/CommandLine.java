package dev.holdfast.app;

import java.util.List;
import java.util.Optional;

/**
 * The command line, parsed without side effects.
 *
 * @param configDir the {@code --config-dir} value, if given
 * @param help whether {@code --help} was given
 * @param version whether {@code --version} was given
 * @param session the {@code --session} name: a saved session to open at start
 * @param target an ad-hoc {@code user@host[:port]} or {@code ssh://user@host:port} to open with the
 *               Default Settings
 */
public record CommandLine(Optional<String> configDir, boolean help, boolean version, Optional<String> session,
                          Optional<Target> target) {

    /** Without a session or target to open. */
    public CommandLine(Optional<String> configDir, boolean help, boolean version) {
        this(configDir, help, version, Optional.empty(), Optional.empty());
    }

    /**
     * An ad-hoc destination from the command line.
     *
     * @param user empty for the Default Settings' user
     * @param host host name or IP literal, without brackets
     * @param port empty for the Default Settings' port
     */
    public record Target(String user, String host, Optional<Integer> port) {

        /** Parses {@code [user@]host[:port]}, {@code [user@][v6]:port} or {@code ssh://[user@]host[:port]}. */
        static Target parse(String text) throws UsageException {
            String rest = text;
            boolean url = rest.regionMatches(true, 0, "ssh://", 0, "ssh://".length());
            if (url) {
                rest = rest.substring("ssh://".length());
                if (rest.endsWith("/")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
            }
            String user = "";
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                user = rest.substring(0, at);
                rest = rest.substring(at + 1);
            }
            if (url) {
                // RFC 3986 userinfo, as the ssh URI scheme (RFC 8089's sibling draft) and OpenSSH read it:
                // "user;param=value" (such as ;fingerprint=...) carries connection parameters, not part of
                // the name; a password after ':' is refused without ever being shown or kept.
                if (user.indexOf(':') >= 0) {
                    throw new UsageException("A password in an ssh:// address is not accepted: Holdfast asks for it "
                            + "when connecting and never stores or shows it. Leave out the ':' and what follows it.");
                }
                int params = user.indexOf(';');
                if (params >= 0) {
                    user = user.substring(0, params);
                }
                user = percentDecoded(user, "the user name");
                rest = percentDecoded(rest, "the host");
            }
            String host = rest;
            Optional<Integer> port = Optional.empty();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    throw new UsageException("Missing ']' in " + text);
                }
                host = rest.substring(1, close);
                String after = rest.substring(close + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) {
                        throw new UsageException("Unexpected text after ']' in " + text);
                    }
                    port = Optional.of(port(after.substring(1), text));
                }
            } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
                host = rest.substring(0, rest.indexOf(':'));
                port = Optional.of(port(rest.substring(rest.indexOf(':') + 1), text));
            }
            Optional<String> hostProblem = dev.holdfast.session.FieldRules.host(host);
            if (host.isEmpty() || hostProblem.isPresent()) {
                throw new UsageException("Not a host: " + text + hostProblem.map(p -> " (" + p + ")").orElse(""));
            }
            Optional<String> userProblem = dev.holdfast.session.FieldRules.user(user);
            if (userProblem.isPresent()) {
                throw new UsageException("Not a user name in " + text + " (" + userProblem.get() + ")");
            }
            return new Target(user, host, port);
        }

        /** RFC 3986 percent-decoding as UTF-8 ({@code al%40ice} is {@code al@ice}); a bad escape is refused. */
        private static String percentDecoded(String part, String what) throws UsageException {
            if (part.indexOf('%') < 0) {
                return part;
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c != '%') {
                    bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    continue;
                }
                if (i + 2 >= part.length() || Character.digit(part.charAt(i + 1), 16) < 0
                        || Character.digit(part.charAt(i + 2), 16) < 0) {
                    throw new UsageException("A '%' in " + what + " of an ssh:// address must be followed by two "
                            + "hexadecimal digits");
                }
                bytes.write(Character.digit(part.charAt(i + 1), 16) * 16 + Character.digit(part.charAt(i + 2), 16));
                i += 2;
            }
            try {
                return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new UsageException("The %-escapes in " + what + " of an ssh:// address are not UTF-8");
            }
        }

        private static int port(String digits, String text) throws UsageException {
            try {
                int port = Integer.parseInt(digits);
                if (port >= 1 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("Not a port (1-65535) in " + text + ": " + digits);
        }
    }

    /** Thrown for arguments Holdfast does not understand; the message is for the user. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            Usage: holdfast [options] [user@host[:port] | ssh://user@host[:port]]

            With a destination, opens it in a tab with the Default Settings (not saved).
            If Holdfast already runs with the same settings, its window opens it instead.

            Options:
              --session NAME     open the saved session NAME in a tab at start
              --config-dir DIR   keep settings in DIR instead of the usual place
                                 (also: the HOLDFAST_CONFIG_DIR environment variable)
              --help             show this help and exit
              --version          show the version and exit
            """;

    public static CommandLine parse(List<String> args) throws UsageException {
        Optional<String> configDir = Optional.empty();
        boolean help = false;
        boolean version = false;
        Optional<String> session = Optional.empty();
        Optional<Target> target = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--version")) {
                version = true;
            } else if (arg.equals("--config-dir")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    throw new UsageException("--config-dir needs a directory");
                }
                configDir = Optional.of(args.get(++i));
            } else if (arg.startsWith("--config-dir=")) {
                String value = arg.substring("--config-dir=".length());
                if (value.isBlank()) {
                    throw new UsageException("--config-dir needs a directory");
                }
                configDir = Optional.of(value);
            } else if (arg.equals("--session") || arg.equals("-load")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    throw new UsageException(arg + " needs a session name");
                }
                session = Optional.of(args.get(++i).strip());
            } else if (arg.startsWith("--session=")) {
                String value = arg.substring("--session=".length()).strip();
                if (value.isEmpty()) {
                    throw new UsageException("--session needs a session name");
                }
                session = Optional.of(value);
            } else if (arg.startsWith("-")) {
                throw new UsageException("Unknown option: " + arg);
            } else if (target.isPresent()) {
                throw new UsageException("Only one destination, please: " + arg);
            } else {
                target = Optional.of(Target.parse(arg));
            }
        }
        if (session.isPresent() && target.isPresent()) {
            throw new UsageException("Give either --session NAME or a destination, not both");
        }
        return new CommandLine(configDir, help, version, session, target);
    }
}
