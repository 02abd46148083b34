package dev.holdfast.session;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validation rules for what a user types into a session. Each returns the message to show next to
 * the field, or empty when the input is fine. Pure functions; any thread.
 */
public final class FieldRules {
    /** ssh(1) and the Linux kernel allow 86400 s; 0 means off. */
    public static final int MAX_INTERVAL_SECONDS = 86_400;
    public static final int MAX_COUNT_MAX = 100;
    /** Linux caps TCP_KEEPIDLE and TCP_KEEPINTVL at 32767 s and TCP_KEEPCNT at 127. */
    public static final int MAX_TCP_SECONDS = 32_767;
    public static final int MAX_TCP_COUNT = 127;

    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private FieldRules() {
    }

    /** Hostname, IPv4 literal, or IPv6 literal with or without brackets. */
    public static Optional<String> host(String host) {
        if (host.isEmpty()) {
            return Optional.of("Enter a host name or address");
        }
        Optional<String> common = noControlOrDash(host, "Host");
        if (common.isPresent()) {
            return common;
        }
        if (anyWhitespace(host)) {
            return Optional.of("Host must not contain spaces");
        }
        if (host.startsWith("[") || host.endsWith("]")) {
            if (!(host.startsWith("[") && host.endsWith("]") && host.length() > 2)) {
                return Optional.of("Unbalanced brackets around an IPv6 address");
            }
            return isIpv6(host.substring(1, host.length() - 1)) ? Optional.empty()
                    : Optional.of("Not a valid IPv6 address");
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host) ? Optional.empty() : Optional.of("Not a valid IPv6 address (a port goes in the Port field)");
        }
        if (onlyDigitsAndDots(host)) {
            return isIpv4(host) ? Optional.empty() : Optional.of("Not a valid IPv4 address");
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > 253) {
            return Optional.of("Host name is longer than 253 characters");
        }
        // label by label, in place: this runs for every session of the settings file at start
        for (int start = 0; ; ) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isLabel(name, start, end)) {
                return Optional.of("Not a valid host name: use letters, digits, '-' and '.'");
            }
            if (dot < 0) {
                return Optional.empty();
            }
            start = dot + 1;
        }
    }

    public static Optional<String> user(String user) {
        return noControlOrDash(user, "User name");
    }

    public static Optional<String> sessionName(String name) {
        if (name.isBlank()) {
            return Optional.of("Enter a name");
        }
        if (name.length() > 100) {
            return Optional.of("Name is longer than 100 characters");
        }
        if (anyControl(name)) {
            return Optional.of("Name must not contain control characters");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("Name must not start or end with a space");
        }
        return Optional.empty();
    }

    public static Optional<String> folder(String folder) {
        if (anyControl(folder)) {
            return Optional.of("Folder must not contain control characters");
        }
        for (String part : folder.split("/", -1)) {
            if (!folder.isEmpty() && part.isBlank()) {
                return Optional.of("Folder parts separated by '/' must not be empty");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the text can be a key file's path; empty is allowed (the default keys in ~/.ssh are tried).
     * Only the syntax is checked, not whether the file is there: a key on a drive that is not mounted
     * right now is still the user's choice and is kept (see {@link #keyFileMissing}).
     */
    public static Optional<String> keyFile(String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("Path must not contain control characters");
        }
        try {
            return Path.of(expandHome(path)).toString().isEmpty() ? Optional.of("Not a valid path") : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("Not a valid path");
        }
    }

    /**
     * A warning, not an error: why the key file cannot be used right now (not found, not a file, not
     * readable), or empty when it can, or when the path is empty or not valid (then {@link #keyFile} says
     * so). Looks at the file system: call off the FX thread when the path may be on a slow drive.
     */
    public static Optional<String> keyFileMissing(String path) {
        if (path.isEmpty() || keyFile(path).isPresent()) {
            return Optional.empty();
        }
        Path file = Path.of(expandHome(path));
        if (!Files.exists(file)) {
            return Optional.of("File not found (it is kept; connecting will fail until it is there)");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("Not a file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("File is not readable");
        }
        return Optional.empty();
    }

    public static Optional<String> terminalType(String term) {
        return TERM.matcher(term).matches() ? Optional.empty()
                : Optional.of("Use a terminal type such as xterm-256color (letters, digits, '-', '.', '+')");
    }

    /** A whole number within bounds, with the message naming the range. */
    public static Optional<String> range(int value, int min, int max, String what) {
        if (value < min || value > max) {
            return Optional.of(what + " must be between " + min + " and " + max);
        }
        return Optional.empty();
    }

    public static Optional<String> keepaliveInterval(int seconds) {
        if (seconds == 0) {
            return Optional.empty();
        }
        return range(seconds, 1, MAX_INTERVAL_SECONDS, "Interval").map(m -> m + " (choose Off to turn keepalive off)");
    }

    /** Replaces a leading {@code ~} with the user's home directory, as a shell would. */
    public static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /** A loop, not a stream: these rules run for every session when 100,000 are loaded. */
    private static boolean anyControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A host name label, {@code text} from {@code start} to {@code end}: 1 to 63 of ASCII letters, digits,
     * '_' and '-', not starting or ending with '-'.
     */
    private static boolean isLabel(String text, int start, int end) {
        int n = end - start;
        if (n == 0 || n > 63) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (!word && !(c == '-' && i > start && i < end - 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyDigitsAndDots(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static Optional<String> noControlOrDash(String text, String what) {
        if (anyControl(text)) {
            return Optional.of(what + " must not contain control characters");
        }
        if (text.startsWith("-")) {
            return Optional.of(what + " must not start with '-'");
        }
        return Optional.empty();
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        String address = text;
        int zone = address.indexOf('%');
        if (zone >= 0) {
            String zoneId = address.substring(zone + 1);
            if (zoneId.isEmpty() || !zoneId.matches("[A-Za-z0-9_.-]+")) {
                return false;
            }
            address = address.substring(0, zone);
        }
        int groupsAvailable = 8;
        if (address.contains(".")) {
            int lastColon = address.lastIndexOf(':');
            if (lastColon < 0 || !isIpv4(address.substring(lastColon + 1))) {
                return false;
            }
            address = address.substring(0, lastColon + 1) + "0";
            groupsAvailable = 7;
        }
        int doubleColon = address.indexOf("::");
        if (doubleColon != address.lastIndexOf("::")) {
            return false;
        }
        if (doubleColon >= 0) {
            String head = address.substring(0, doubleColon);
            String tail = address.substring(doubleColon + 2);
            int groups = countGroups(head) + countGroups(tail);
            return groups >= 0 && groups < groupsAvailable;
        }
        return countGroups(address) == groupsAvailable;
    }

    /** Number of valid hex groups separated by ':', or a large negative number if any is invalid. */
    private static int countGroups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (!HEX_GROUP.matcher(group).matches()) {
                return -100;
            }
        }
        return groups.length;
    }
}
