package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.ssh.KnownHostsFile;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads OpenSSH's client configuration ({@code ~/.ssh/config}) the way {@code ssh} does: keywords are
 * case-insensitive, separated from their values by spaces or '=', values may be quoted, {@code Include}
 * is followed (globs, relative paths from {@code ~/.ssh}), and for each host the first value obtained
 * wins. Every {@code Host} alias without wildcards becomes a session; the values of {@code Host *} are
 * offered as Default Settings; {@code Match} blocks and options Holdfast does not support are listed,
 * never dropped silently.
 */
public final class OpenSshConfigImporter {
    /** As OpenSSH's own limit on nested Includes. Files, lines and bytes in all: {@link ReadLimits}. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    private static final Map<String, Setting<?>> MAPPED = Map.of(
            "hostname", Settings.HOST, "port", Settings.PORT, "user", Settings.USER,
            "identityfile", Settings.KEY_FILE, "serveraliveinterval", Settings.KEEPALIVE_INTERVAL,
            "serveralivecountmax", Settings.KEEPALIVE_COUNT_MAX, "tcpkeepalive", Settings.TCP_KEEPALIVE,
            "connecttimeout", Settings.CONNECT_TIMEOUT);
    private static final Set<String> HARMLESS = Set.of("addkeystoagent", "identitiesonly", "hashknownhosts",
            "stricthostkeychecking", "userknownhostsfile", "loglevel", "compression", "visualhostkey",
            "preferredauthentications", "pubkeyauthentication", "passwordauthentication",
            "kbdinteractiveauthentication", "updatehostkeys", "usekeychain");

    private final Path sshDir;

    /** @param sshDir where relative {@code Include} and {@code ~} paths point ({@code ~/.ssh}) */
    public OpenSshConfigImporter(Path sshDir) {
        this.sshDir = sshDir;
    }

    public static OpenSshConfigImporter forUser() {
        return new OpenSshConfigImporter(Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /** One keyword line, with where it came from. */
    private record Line(Path file, int number, String keyword, List<String> args) {
        String where() {
            return file.getFileName() + ":" + number;
        }
    }

    /** A {@code Host} block: its patterns and its lines, in order. */
    private record Block(List<String> patterns, List<Line> lines, boolean match, Line header) {
    }

    public ImportResult read(Path file) throws ImportException {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(List.of("*"), new ArrayList<>(), false, null));
        parse(file, blocks, 0, ReadLimits.standard());
        List<String> notes = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();
        for (Block block : blocks) {
            if (block.match) {
                notes.add("Match block at " + block.header.where() + " skipped (Holdfast does not evaluate Match)");
                continue;
            }
            for (String pattern : block.patterns) {
                if (!pattern.startsWith("!") && pattern.chars().noneMatch(c -> c == '*' || c == '?')) {
                    aliases.add(pattern);
                }
            }
        }
        Map<Setting<?>, Object> star = new LinkedHashMap<>();
        List<String> starSkipped = new ArrayList<>();
        for (Block block : blocks) {
            if (!block.match && block.patterns.equals(List.of("*"))) {
                apply(block, star, starSkipped, new LinkedHashSet<>(), null);
            }
        }
        SettingValues defaults = toValues(star);
        starSkipped.forEach(s -> notes.add("Host *: " + s));
        List<ImportedSession> sessions = new ArrayList<>();
        for (String alias : aliases) {
            Map<Setting<?>, Object> values = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Block block : blocks) {
                if (!block.match && matches(block.patterns, alias)) {
                    apply(block, values, skipped, seen, alias);
                }
            }
            values.putIfAbsent(Settings.HOST, alias);
            // what equals the Host * value is inherited from Default Settings rather than overridden
            star.forEach((setting, value) -> {
                if (value.equals(values.get(setting))) {
                    values.remove(setting);
                }
            });
            SettingValues overrides = toValues(values);
            sessions.add(new ImportedSession(alias, "", overrides, skipped));
        }
        return ImportRules.clean(new ImportResult(sessions, defaults, notes));
    }

    /** @param alias the Host alias the values are for ({@code %h}), or null for {@code Host *} */
    private void apply(Block block, Map<Setting<?>, Object> values, List<String> skipped, Set<String> seenSkips,
                       String alias) {
        for (Line line : block.lines) {
            Setting<?> setting = MAPPED.get(line.keyword);
            String value = String.join(" ", line.args);
            if (setting == null) {
                if (!HARMLESS.contains(line.keyword) && seenSkips.add(line.keyword)) {
                    skipped.add(line.keyword + " " + value + " (not supported, " + line.where() + ")");
                }
                continue;
            }
            if (values.containsKey(setting)) {
                continue; // the first value obtained wins, as in ssh
            }
            Parsed<?> parsed = convert(setting, line, value, alias);
            if (parsed.isOk()) {
                values.put(setting, parsed.value());
            } else {
                skipped.add(line.keyword + " " + ImportRules.visible(value) + " left out: "
                        + parsed.error().orElse("not a valid value") + " (" + line.where() + ")");
            }
        }
    }

    private static Parsed<?> convert(Setting<?> setting, Line line, String value, String alias) {
        if (setting == Settings.TCP_KEEPALIVE) {
            String v = value.toLowerCase(Locale.ROOT);
            return v.equals("yes") ? Parsed.ok(true) : v.equals("no") ? Parsed.ok(false)
                    : Parsed.error("use yes or no");
        }
        if (setting == Settings.KEY_FILE) {
            Parsed<String> expanded = expandTokens(line.args.get(0), Map.of('d', System.getProperty("user.home"),
                    'u', System.getProperty("user.name")));
            return expanded.isOk() ? Settings.KEY_FILE.parse(FieldRules.expandHome(expanded.value())) : expanded;
        }
        if (setting == Settings.HOST) {
            Parsed<String> expanded = expandTokens(value, alias == null ? Map.of() : Map.of('h', alias));
            return expanded.isOk() ? Settings.HOST.parse(expanded.value()) : expanded;
        }
        return setting.parse(value);
    }

    /** ssh's %-tokens: "%%" is '%', the given ones are replaced; any other token or a ${VARIABLE} is refused. */
    static Parsed<String> expandTokens(String value, Map<Character, String> tokens) {
        if (value.contains("${")) {
            return Parsed.error("holds a ${VARIABLE}, which Holdfast does not expand");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 == value.length()) {
                return Parsed.error("ends in a '%' (write %% for a '%')");
            }
            char token = value.charAt(++i);
            if (token == '%') {
                out.append('%');
            } else if (tokens.containsKey(token)) {
                out.append(tokens.get(token));
            } else {
                return Parsed.error("holds the token %" + token + ", which Holdfast does not expand");
            }
        }
        return Parsed.ok(out.toString());
    }

    @SuppressWarnings("unchecked")
    private static SettingValues toValues(Map<Setting<?>, Object> values) {
        SettingValues result = SettingValues.empty();
        for (Map.Entry<Setting<?>, Object> entry : values.entrySet()) {
            result = result.with((Setting<Object>) entry.getKey(), entry.getValue());
        }
        if (values.containsKey(Settings.KEY_FILE)) {
            result = result.with(Settings.AUTH, AuthMethod.PUBLIC_KEY);
        }
        if (values.get(Settings.KEEPALIVE_INTERVAL) instanceof Integer interval) {
            result = result.with(Settings.KEEPALIVE_MODE, interval == 0 ? KeepaliveMode.OFF : KeepaliveMode.PROBE);
            if (interval == 0) {
                result = result.without(Settings.KEEPALIVE_INTERVAL);
            }
        }
        return result;
    }

    static boolean matches(List<String> patterns, String alias) {
        boolean matched = false;
        for (String pattern : patterns) {
            if (pattern.startsWith("!")) {
                if (glob(pattern.substring(1), alias)) {
                    return false;
                }
            } else if (glob(pattern, alias)) {
                matched = true;
            }
        }
        return matched;
    }

    private static boolean glob(String pattern, String text) {
        return KnownHostsFile.wildcardMatch(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT));
    }

    private void parse(Path file, List<Block> blocks, int depth, ReadLimits limits) throws ImportException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new ImportException(file, 0, "Include nests deeper than " + MAX_INCLUDE_DEPTH + " files (a loop?)");
        }
        String text = readText(file, limits);
        String[] lines = text.split("\r\n|\n|\r", -1);
        limits.lines(file, lines.length);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            List<String> words = words(file, number, lines[i]);
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            Line line = new Line(file, number, keyword, List.copyOf(args));
            switch (keyword) {
                case "host" -> {
                    if (args.isEmpty()) {
                        throw new ImportException(file, number, "Host needs at least one name");
                    }
                    blocks.add(new Block(List.copyOf(args), new ArrayList<>(), false, line));
                }
                case "match" -> blocks.add(new Block(List.of(), new ArrayList<>(), true, line));
                case "include" -> {
                    if (args.isEmpty()) {
                        throw new ImportException(file, number, "Include needs a file");
                    }
                    for (String pattern : args) {
                        for (Path included : expand(pattern)) {
                            parse(included, blocks, depth + 1, limits);
                        }
                    }
                }
                default -> {
                    if (args.isEmpty()) {
                        throw new ImportException(file, number, "\"" + words.get(0) + "\" has no value");
                    }
                    blocks.get(blocks.size() - 1).lines.add(line);
                }
            }
        }
    }

    private List<Path> expand(String pattern) throws ImportException {
        String expanded = FieldRules.expandHome(pattern);
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            path = sshDir.resolve(path);
        }
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        if (name.indexOf('*') < 0 && name.indexOf('?') < 0 && name.indexOf('[') < 0) {
            return Files.exists(path) ? List.of(path) : List.of(); // ssh ignores missing includes; others refused on reading
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        try (Stream<Path> files = Files.list(dir)) {
            // a directory that matches is passed over; a FIFO or device is refused when it is read
            return files.filter(p -> matcher.matches(p.getFileName()) && !Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new ImportException(dir, 0, "cannot list the directory: " + e.getMessage());
        }
    }

    private static String readText(Path file, ReadLimits limits) throws ImportException {
        byte[] bytes = limits.read(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ImportException(file, lineAt(bytes, i), "is not a text file (it contains NUL bytes)");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ImportException(file, 0, "is not UTF-8 text");
        }
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Splits a line into keyword and arguments: spaces or one '=' after the keyword, double quotes. */
    static List<String> words(Path file, int number, String raw) throws ImportException {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        // keyword
        int start = i;
        while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
            i++;
        }
        words.add(line.substring(start, i));
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < n && line.charAt(i) == '=') {
            i++;
        }
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (line.charAt(i) == '#') {
                break; // a comment after the values
            }
            if (line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    throw new ImportException(file, number, "a quote is not closed: " + raw.strip());
                }
                words.add(line.substring(i + 1, close));
                i = close + 1;
            } else {
                start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                words.add(line.substring(start, i));
            }
        }
        return words;
    }
}
