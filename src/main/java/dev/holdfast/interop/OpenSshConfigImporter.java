package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.ssh.KnownHostsFile;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.PortForward;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads OpenSSH's client configuration ({@code ~/.ssh/config}) the way {@code ssh} (OpenSSH 9) does, so
 * that each session connects as {@code ssh -G -F FILE alias} says: keywords are case-insensitive,
 * separated from their values by spaces or '=', values may be quoted, {@code Include} is followed (globs
 * in sorted order, relative paths from {@code ~/.ssh}, inside a block only when the block applies), and
 * for each host the first value obtained wins. Every {@code Host} alias without wildcards becomes a
 * session and is evaluated as ssh evaluates it: {@code Host} and {@code Match} blocks ({@code host},
 * {@code originalhost}, {@code user}, {@code localuser}, {@code all}, {@code canonical}, {@code final},
 * negation, comma lists), {@code Match final}'s second pass, {@code %}-tokens in {@code HostName} and
 * {@code IdentityFile}, and ssh's own defaults for what the file leaves unset. {@code Match exec} is never
 * run: its block is not applied and is listed. Hostname canonicalisation (which needs DNS) is not done,
 * as {@code ssh -G} does not do it unless {@code CanonicalizeHostname} is set. The values of
 * {@code Host *} are offered as Default Settings; options Holdfast does not support are listed, never
 * dropped silently.
 */
public final class OpenSshConfigImporter {
    /** As OpenSSH's own limit on nested Includes. Files, lines and bytes in all: {@link ReadLimits}. */
    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Hosts × lines: 1000 hosts in a file of 20 000 lines; a few seconds at most. */
    static final long MAX_EVALUATED_LINES = 20_000_000;
    private static final int DEFAULT_PORT = 22;
    private static final int DEFAULT_COUNT_MAX = 3;

    private static final Map<String, Setting<?>> MAPPED = Map.ofEntries(
            Map.entry("hostname", Settings.HOST), Map.entry("port", Settings.PORT), Map.entry("user", Settings.USER),
            Map.entry("identityfile", Settings.KEY_FILE), Map.entry("serveraliveinterval", Settings.KEEPALIVE_INTERVAL),
            Map.entry("serveralivecountmax", Settings.KEEPALIVE_COUNT_MAX),
            Map.entry("tcpkeepalive", Settings.TCP_KEEPALIVE), Map.entry("connecttimeout", Settings.CONNECT_TIMEOUT),
            Map.entry("proxyjump", Settings.PROXY_JUMP), Map.entry("forwardagent", Settings.FORWARD_AGENT),
            Map.entry("certificatefile", Settings.CERTIFICATE_FILE), Map.entry("identityagent", Settings.AGENT));
    /** Given many times, each adding a forward (ssh keeps every distinct one). */
    private static final Map<String, String> FORWARD_KEYWORDS = Map.of("localforward", "L", "remoteforward", "R",
            "dynamicforward", "D");
    /** Read for the tokens or the notes, never imported as a setting. */
    private static final Set<String> READ = Set.of("hostkeyalias", "ignoreunknown");
    private static final Set<String> HARMLESS = Set.of("addkeystoagent", "identitiesonly", "hashknownhosts",
            "stricthostkeychecking", "userknownhostsfile", "loglevel", "compression", "visualhostkey",
            "preferredauthentications", "pubkeyauthentication", "passwordauthentication",
            "kbdinteractiveauthentication", "updatehostkeys", "usekeychain", "hostkeyalias", "ignoreunknown");

    /**
     * Who ssh would run as, for {@code ~}, {@code %d}, {@code %u}, {@code %l}, {@code %L}, {@code %i},
     * {@code Match localuser} and the default user. ssh takes the home directory and user name from the
     * password database, not from {@code $HOME} or {@code $USER}; so does the JVM's {@code user.home}
     * and {@code user.name}.
     *
     * @param home the local user's home directory
     * @param user the local user name
     * @param hostName this computer's name as {@code gethostname} gives it (for {@code %l}; {@code %L}
     *                 is the part before the first dot)
     * @param uid the local user id for {@code %i}, or empty when not known (then {@code %i} is refused)
     */
    public record LocalUser(Path home, String user, String hostName, String uid) {
        /** The user this program runs as. */
        public static LocalUser current() {
            return new LocalUser(Path.of(System.getProperty("user.home")), System.getProperty("user.name", ""),
                    localHostName(), localUid());
        }

        private static String localHostName() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    return Files.readString(kernel, StandardCharsets.UTF_8).strip();
                }
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "";
            }
        }

        private static String localUid() {
            try {
                Path self = Path.of("/proc/self");
                return Files.exists(self) ? String.valueOf(Files.getAttribute(self, "unix:uid")) : "";
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "";
            }
        }
    }

    private final Path sshDir;
    private final LocalUser local;

    /** @param sshDir where relative {@code Include} paths point ({@code ~/.ssh}); the local user is this one */
    public OpenSshConfigImporter(Path sshDir) {
        this(sshDir, LocalUser.current());
    }

    /** @param sshDir where relative {@code Include} paths point; {@code local} is who ssh would run as */
    public OpenSshConfigImporter(Path sshDir, LocalUser local) {
        this.sshDir = sshDir;
        this.local = local;
    }

    public static OpenSshConfigImporter forUser() {
        LocalUser local = LocalUser.current();
        return new OpenSshConfigImporter(local.home().resolve(".ssh"), local);
    }

    /** One keyword line, with where it came from. */
    private record Line(Path file, int number, String keyword, List<String> args) {
        String where() {
            return file.getFileName() + ":" + number;
        }

        String value() {
            return String.join(" ", args);
        }
    }

    /**
     * The files read so far. The first pass over the file reads every Include where it stands, each read
     * counted by the {@link ReadLimits} (so an Include fan-out stops at the file bound); evaluating the
     * aliases afterwards follows the same Includes and reuses what was read.
     */
    private final class ParsedFiles {
        private final Map<Path, List<Line>> parsed = new HashMap<>();
        private final ReadLimits limits = ReadLimits.standard();
        /** Lines looked at by all evaluations: each alias goes through the whole configuration. */
        private long evaluated;

        void evaluating(Path file, int lines) throws ImportException {
            evaluated += lines;
            if (evaluated > MAX_EVALUATED_LINES) {
                throw new ImportException(file, 0, "has too many hosts for its length: evaluating each host as ssh"
                        + " does would look at more than " + MAX_EVALUATED_LINES / 1_000_000 + " million lines"
                        + " (split the file, or import part of it)");
            }
        }

        List<Line> read(Path file) throws ImportException {
            List<Line> lines = parse(file, limits);
            parsed.put(file, lines);
            return lines;
        }

        List<Line> lines(Path file) throws ImportException {
            List<Line> lines = parsed.get(file);
            return lines != null ? lines : read(file);
        }
    }

    public ImportResult read(Path file) throws ImportException {
        ParsedFiles files = new ParsedFiles();
        List<String> notes = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();
        scan(files, file, 0, aliases, notes);

        // Host * (and the lines before the first Host) as Default Settings
        Evaluation star = new Evaluation(null, files);
        evaluate(star, file, 0, false, true);
        List<String> starSkipped = new ArrayList<>(star.skipped);
        Map<Setting<?>, Object> starValues = star.values(starSkipped, true);
        SettingValues defaults = toValues(starValues);
        starSkipped.forEach(s -> notes.add("Host *: " + s));

        List<ImportedSession> sessions = new ArrayList<>();
        for (String alias : aliases) {
            Evaluation evaluation = new Evaluation(alias, files);
            evaluate(evaluation, file, 0, false, true);
            evaluation.finishFirstPass();
            if (evaluation.wantFinal) {
                evaluation.finalPass = true;
                evaluate(evaluation, file, 0, false, true);
            }
            List<String> skipped = new ArrayList<>(evaluation.skipped);
            Map<Setting<?>, Object> values = evaluation.values(skipped, false);
            SettingValues overrides = toValues(values);
            Set<Setting<?>> fromDefaults = new HashSet<>();
            for (String keyword : evaluation.fromStar) {
                Setting<?> setting = MAPPED.get(keyword);
                if (setting != null && values.containsKey(setting) && starValues.containsKey(setting)
                        && starValues.get(setting).equals(values.get(setting))) {
                    fromDefaults.add(setting);
                    derived(setting).forEach(fromDefaults::add);
                }
            }
            sessions.add(new ImportedSession(alias, "", overrides, skipped, assumed(overrides), fromDefaults));
        }
        return ImportRules.clean(new ImportResult(sessions, defaults, notes));
    }

    /** What ssh uses for what the file leaves unset, as far as Holdfast has the setting. */
    private static SettingValues assumed(SettingValues overrides) {
        SettingValues assumed = SettingValues.empty().with(Settings.PORT, DEFAULT_PORT)
                .with(Settings.USER, "") // Holdfast connects an empty user as the local user, as ssh does
                .with(Settings.TCP_KEEPALIVE, true)
                .with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF) // ServerAliveInterval 0: no probes
                .with(Settings.KEEPALIVE_COUNT_MAX, DEFAULT_COUNT_MAX)
                .with(Settings.KEY_FILE, "") // ssh then tries its default key files
                .with(Settings.CERTIFICATE_FILE, "")
                .with(Settings.AGENT, AgentUse.FIRST) // ssh asks the agent at SSH_AUTH_SOCK unless told otherwise
                .with(Settings.FORWARD_AGENT, false)
                .with(Settings.PROXY_JUMP, "")
                .with(Settings.FORWARDS, "");
        for (Setting<?> setting : overrides.settings()) {
            assumed = assumed.without(setting);
        }
        return assumed;
    }

    private static List<Setting<?>> derived(Setting<?> setting) {
        if (setting == Settings.KEY_FILE) {
            return List.of(Settings.AUTH);
        }
        if (setting == Settings.KEEPALIVE_INTERVAL) {
            return List.of(Settings.KEEPALIVE_MODE);
        }
        return List.of();
    }

    /** Every file once, with all its Includes: syntax errors, concrete aliases, Match exec lines. */
    private void scan(ParsedFiles files, Path file, int depth, Set<String> aliases, List<String> notes)
            throws ImportException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new ImportException(file, 0, "Include nests deeper than " + MAX_INCLUDE_DEPTH + " files (a loop?)");
        }
        for (Line line : files.read(file)) {
            switch (line.keyword) {
                case "host" -> {
                    for (String pattern : line.args) {
                        if (!pattern.startsWith("!") && pattern.chars().noneMatch(c -> c == '*' || c == '?')) {
                            aliases.add(pattern);
                        }
                    }
                }
                case "match" -> {
                    checkMatch(line);
                    if (line.args.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).replace("!", "").equals("exec"))) {
                        notes.add("Match exec at " + line.where() + " not evaluated (Holdfast never runs a command"
                                + " from a config file): the options of its block were applied to no session");
                    }
                }
                case "include" -> {
                    for (String pattern : line.args) {
                        for (Path included : expand(pattern)) {
                            scan(files, included, depth + 1, aliases, notes);
                        }
                    }
                }
                default -> { }
            }
        }
    }

    /** As ssh's parser: known criteria, an argument for each but all/canonical/final, all alone. */
    private static void checkMatch(Line line) throws ImportException {
        int attributes = 0;
        List<String> args = line.args;
        for (int i = 0; i < args.size(); i++) {
            String attribute = args.get(i).toLowerCase(Locale.ROOT);
            String name = attribute.startsWith("!") ? attribute.substring(1) : attribute;
            if (name.equals("all")) {
                if (attributes > 1 || i + 1 < args.size()) {
                    throw new ImportException(line.file, line.number, "Match all cannot be combined with other"
                            + " criteria");
                }
                return;
            }
            attributes++;
            if (name.equals("canonical") || name.equals("final")) {
                continue;
            }
            if (!Set.of("host", "originalhost", "user", "localuser", "exec").contains(name)) {
                throw new ImportException(line.file, line.number, "Match " + args.get(i) + " is not a criterion ssh"
                        + " knows (host, originalhost, user, localuser, exec, canonical, final, all)");
            }
            if (++i >= args.size()) {
                throw new ImportException(line.file, line.number, "Match " + args.get(i - 1) + " needs a value");
            }
        }
        if (attributes == 0) {
            throw new ImportException(line.file, line.number, "Match needs at least one criterion");
        }
    }

    /**
     * One pass over a file as ssh's reader makes it: a Host or Match line switches the following lines on
     * or off; an Include in a block that is off is read with nothing in it applying; what an included file
     * switches ends with that file.
     *
     * @param star whether the lines apply through {@code Host *} (or before any Host)
     */
    private void evaluate(Evaluation ev, Path file, int depth, boolean neverMatch, boolean star)
            throws ImportException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new ImportException(file, 0, "Include nests deeper than " + MAX_INCLUDE_DEPTH + " files (a loop?)");
        }
        boolean active = !neverMatch;
        boolean inStar = star;
        List<Line> lines = ev.files.lines(file);
        ev.files.evaluating(file, lines.size());
        for (Line line : lines) {
            switch (line.keyword) {
                case "host" -> {
                    active = !neverMatch && ev.hostLine(line.args);
                    inStar = line.args.equals(List.of("*"));
                }
                case "match" -> {
                    boolean matched = ev.matchLine(line); // also with nothing applying: Match final still counts
                    active = !neverMatch && matched;
                    inStar = false;
                }
                case "include" -> {
                    for (String pattern : line.args) {
                        for (Path included : expand(pattern)) {
                            evaluate(ev, included, depth + 1, !active, active && inStar);
                        }
                    }
                }
                default -> {
                    if (active) {
                        ev.take(line, inStar);
                    }
                }
            }
        }
    }

    /** What one alias obtains, pass by pass: the first line of each keyword, and what is not supported. */
    private final class Evaluation {
        /** The alias, or null to collect only {@code Host *} and the lines before any Host. */
        private final String alias;
        private final ParsedFiles files;
        private final Map<String, Line> first = new HashMap<>();
        /** Every distinct forward, in the order met, as the forwards field writes it ("L 8080 db:5432"). */
        private final Map<String, Line> forwards = new LinkedHashMap<>();
        private final Set<String> fromStar = new HashSet<>();
        private final List<String> skipped = new ArrayList<>();
        private final Set<String> seenSkips = new HashSet<>();
        private boolean wantFinal;
        private boolean finalPass;
        /** The host name after the first pass: HostName with its tokens, lower case (as ssh, but addresses). */
        private String host;

        Evaluation(String alias, ParsedFiles files) {
            this.alias = alias;
            this.files = files;
        }

        boolean hostLine(List<String> patterns) {
            if (alias == null) {
                return patterns.equals(List.of("*"));
            }
            String target = finalPass ? host : alias;
            boolean matched = false;
            for (String pattern : patterns) {
                boolean negated = pattern.startsWith("!");
                if (KnownHostsFile.wildcardMatch(negated ? pattern.substring(1) : pattern, target)) {
                    if (negated) {
                        return false; // a line of only negated patterns matches nothing
                    }
                    matched = true;
                }
            }
            return matched;
        }

        boolean matchLine(Line line) {
            boolean result = true;
            int attributes = 0;
            List<String> args = line.args;
            for (int i = 0; i < args.size(); i++) {
                String attribute = args.get(i);
                boolean negate = attribute.startsWith("!");
                String name = (negate ? attribute.substring(1) : attribute).toLowerCase(Locale.ROOT);
                if (name.equals("all")) {
                    return alias != null && result && !negate;
                }
                attributes++;
                if (name.equals("canonical") || name.equals("final")) {
                    if (name.equals("final")) {
                        wantFinal = true;
                    }
                    if (finalPass == negate) {
                        result = false;
                    }
                    continue;
                }
                String arg = args.get(++i);
                boolean matched = switch (name) {
                    // as ssh's match_hostname: name and patterns in lower case (Host lines are exact)
                    case "host" -> patternList(currentHost().toLowerCase(Locale.ROOT), arg, true);
                    case "originalhost" -> alias != null && patternList(alias.toLowerCase(Locale.ROOT), arg, true);
                    case "user" -> patternList(remoteUser(), arg, false);
                    case "localuser" -> patternList(local.user(), arg, false);
                    default -> negate; // exec: never run, so the block never applies
                };
                if (matched == negate) {
                    result = false;
                }
            }
            return alias != null && attributes > 0 && result;
        }

        /** The host name Match host sees: so far in the first pass, final in the second. */
        private String currentHost() {
            if (alias == null) {
                return "";
            }
            if (finalPass) {
                return host;
            }
            Line hostName = first.get("hostname");
            if (hostName == null) {
                return alias;
            }
            Parsed<String> expanded = expandTokens(hostName.value(), Map.of('h', alias));
            return expanded.isOk() ? expanded.value() : hostName.value();
        }

        private String remoteUser() {
            Line user = first.get("user");
            return user == null ? local.user() : user.value();
        }

        void take(Line line, boolean star) {
            String keyword = line.keyword;
            if (MAPPED.containsKey(keyword) || READ.contains(keyword) || keyword.equals("canonicalizehostname")) {
                // in the second pass the host name is already taken (ssh sets it before re-reading)
                if (!(finalPass && keyword.equals("hostname")) && !first.containsKey(keyword)) {
                    first.put(keyword, line);
                    if (star) {
                        fromStar.add(keyword);
                    }
                }
            }
            if (FORWARD_KEYWORDS.containsKey(keyword)) {
                forwards.putIfAbsent(FORWARD_KEYWORDS.get(keyword) + " " + String.join(" ", line.args), line);
                return;
            }
            if (!MAPPED.containsKey(keyword) && !HARMLESS.contains(keyword) && !ignoredUnknown(keyword)
                    && seenSkips.add(keyword)) {
                skipped.add(keyword + " " + line.value() + " (not supported, " + line.where() + ")");
            }
        }

        private boolean ignoredUnknown(String keyword) {
            Line ignore = first.get("ignoreunknown");
            return ignore != null && patternList(keyword, ignore.value(), true);
        }

        void finishFirstPass() {
            String name = alias;
            Line hostName = first.get("hostname");
            if (hostName != null) {
                Parsed<String> expanded = expandTokens(hostName.value(), Map.of('h', alias));
                if (expanded.isOk()) {
                    name = expanded.value();
                }
            }
            host = isAddress(name) ? name : name.toLowerCase(Locale.ROOT);
            Line canonicalize = first.get("canonicalizehostname");
            if (canonicalize != null && !canonicalize.value().equalsIgnoreCase("no")) {
                wantFinal = true; // ssh re-reads the file; the name itself is left as written (no DNS here)
            }
        }

        /** The values obtained, each through its setting's rule; a refused one is noted in {@code notes}. */
        Map<Setting<?>, Object> values(List<String> notes, boolean defaults) {
            Map<Setting<?>, Object> values = new LinkedHashMap<>();
            for (String keyword : List.of("hostname", "port", "user", "serveraliveinterval", "serveralivecountmax",
                    "tcpkeepalive", "connecttimeout", "identityfile", "proxyjump", "forwardagent", "certificatefile",
                    "identityagent")) {
                Line line = first.get(keyword);
                if (line == null || (keyword.equals("hostname") && !defaults)) {
                    continue;
                }
                Setting<?> setting = MAPPED.get(keyword);
                Parsed<?> parsed = convert(setting, line, values, defaults);
                if (parsed.isOk()) {
                    values.put(setting, parsed.value());
                } else {
                    notes.add(keyword + " " + ImportRules.visible(line.value()) + " left out"
                            + (defaults ? " of Default Settings" : "") + ": "
                            + parsed.error().orElse("not a valid value") + " (" + line.where() + ")");
                }
            }
            List<String> kept = new ArrayList<>();
            for (Map.Entry<String, Line> forward : forwards.entrySet()) {
                Parsed<PortForward> parsed = PortForward.parse(forward.getKey());
                if (parsed.isOk()) {
                    if (!kept.contains(parsed.value().text())) {
                        kept.add(parsed.value().text()); // ssh too keeps one of forwards that are the same
                    }
                } else {
                    Line line = forward.getValue();
                    notes.add(line.keyword + " " + ImportRules.visible(line.value()) + " left out"
                            + (defaults ? " of Default Settings" : "") + ": " + parsed.error().orElse("not valid")
                            + " (" + line.where() + ")");
                }
            }
            if (!kept.isEmpty()) {
                values.put(Settings.FORWARDS, String.join("\n", kept));
            }
            if (!defaults) {
                Line hostName = first.get("hostname");
                if (hostName != null) {
                    Parsed<String> expanded = expandTokens(hostName.value(), Map.of('h', alias));
                    if (!expanded.isOk()) {
                        notes.add("hostname " + ImportRules.visible(hostName.value()) + " left out: "
                                + expanded.error().orElse("") + "; the session connects to " + host
                                + " (" + hostName.where() + ")");
                    }
                }
                Parsed<String> parsed = Settings.HOST.parse(host);
                if (parsed.isOk()) {
                    values.put(Settings.HOST, parsed.value());
                } else {
                    String fallback = isAddress(alias) ? alias : alias.toLowerCase(Locale.ROOT);
                    notes.add("host name " + ImportRules.visible(host) + " left out: "
                            + parsed.error().orElse("not a valid host") + "; the session connects to " + fallback
                            + (hostName == null ? "" : " (" + hostName.where() + ")"));
                    values.put(Settings.HOST, fallback);
                }
            }
            return values;
        }

        private Parsed<?> convert(Setting<?> setting, Line line, Map<Setting<?>, Object> values, boolean defaults) {
            String value = line.value();
            if (setting == Settings.TCP_KEEPALIVE) {
                String v = value.toLowerCase(Locale.ROOT);
                return v.equals("yes") ? Parsed.ok(true) : v.equals("no") ? Parsed.ok(false)
                        : Parsed.error("use yes or no");
            }
            if (setting == Settings.HOST) { // Host * only: a value for every session, unless it names the host
                Parsed<String> expanded = expandTokens(value, Map.of());
                return expanded.isOk() ? Settings.HOST.parse(expanded.value()) : expanded;
            }
            if (setting == Settings.KEY_FILE || setting == Settings.CERTIFICATE_FILE) {
                Parsed<String> expanded = expandIdentityFile(line.args.get(0), defaults ? null : tokens(values));
                return expanded.isOk() ? Settings.KEY_FILE.parse(expanded.value()) : expanded;
            }
            if (setting == Settings.FORWARD_AGENT) {
                String v = value.toLowerCase(Locale.ROOT);
                return v.equals("yes") ? Parsed.ok(true) : v.equals("no") ? Parsed.ok(false)
                        : Parsed.error("Holdfast forwards the agent at SSH_AUTH_SOCK or none: use yes or no");
            }
            if (setting == Settings.AGENT) {
                return value.equalsIgnoreCase("none") ? Parsed.ok(AgentUse.OFF)
                        : value.equals("SSH_AUTH_SOCK") || value.equals("$SSH_AUTH_SOCK") ? Parsed.ok(AgentUse.FIRST)
                        : Parsed.error("Holdfast uses the agent at SSH_AUTH_SOCK, or none");
            }
            if (setting == Settings.PROXY_JUMP) {
                return value.equalsIgnoreCase("none") ? Parsed.ok("") : Settings.PROXY_JUMP.parse(value);
            }
            return setting.parse(value);
        }

        /** IdentityFile's tokens with the final host name, port and user, as ssh expands them. */
        private Map<Character, String> tokens(Map<Setting<?>, Object> values) {
            String port = String.valueOf(values.getOrDefault(Settings.PORT, DEFAULT_PORT));
            Object user = values.get(Settings.USER);
            String remoteUser = user == null ? local.user() : user.toString();
            Line keyAlias = first.get("hostkeyalias");
            Map<Character, String> tokens = new HashMap<>(localTokens());
            tokens.put('h', host);
            tokens.put('p', port);
            tokens.put('r', remoteUser);
            tokens.put('n', alias);
            tokens.put('k', keyAlias == null ? alias : keyAlias.value());
            tokens.put('C', connectionHash(local.hostName(), host, port, remoteUser));
            return tokens;
        }
    }

    /** The tokens that do not depend on the host: {@code %d %u %l %L} and {@code %i} when known. */
    private Map<Character, String> localTokens() {
        Map<Character, String> tokens = new HashMap<>();
        tokens.put('d', local.home().toString());
        tokens.put('u', local.user());
        tokens.put('l', local.hostName());
        int dot = local.hostName().indexOf('.');
        tokens.put('L', dot < 0 ? local.hostName() : local.hostName().substring(0, dot));
        if (!local.uid().isEmpty()) {
            tokens.put('i', local.uid());
        }
        return tokens;
    }

    /**
     * An IdentityFile as ssh expands it: {@code ~} first, then the tokens. With {@code hostTokens} null
     * (for Default Settings) the tokens that name the host, port or user are refused.
     */
    private Parsed<String> expandIdentityFile(String path, Map<Character, String> hostTokens) {
        String expanded = path;
        if (path.equals("~") || path.startsWith("~/")) {
            expanded = local.home() + path.substring(1);
        } else if (path.startsWith("~")) {
            return Parsed.error("starts with ~user, which Holdfast does not expand");
        }
        Map<Character, String> tokens = hostTokens == null ? localTokens() : hostTokens;
        Parsed<String> result = expandTokens(expanded, tokens);
        if (!result.isOk() && hostTokens == null) {
            return Parsed.error("it depends on the host (" + result.error().orElse("") + "); each session has"
                    + " its own");
        }
        return result;
    }

    /** {@code %C}: SHA-1 of local host name, host, port and user, in hexadecimal, as ssh computes it. */
    static String connectionHash(String localHost, String host, String port, String user) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : List.of(localHost, host, port, user)) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always there", e);
        }
    }

    /** Whether ssh leaves the name's case alone: an IPv4 or IPv6 address. */
    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.matches("[0-9]+(\\.[0-9]+){3}");
    }

    /**
     * ssh's comma-separated pattern lists ({@code Match host a,!b,*.example.com}): a negated pattern that
     * matches fails the list, else any positive one that matches passes it; {@code lowerPatterns} as
     * ssh's {@code match_pattern_list} with {@code dolower} (the caller lower-cases the name where ssh does).
     */
    static boolean patternList(String text, String list, boolean lowerPatterns) {
        boolean matched = false;
        for (String raw : list.split(",", -1)) {
            String pattern = lowerPatterns ? raw.toLowerCase(Locale.ROOT) : raw;
            boolean negated = pattern.startsWith("!");
            if (KnownHostsFile.wildcardMatch(negated ? pattern.substring(1) : pattern, text)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
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
                return Parsed.error("holds the token %" + token + ", which Holdfast does not expand here");
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
            } else if (!values.containsKey(Settings.KEEPALIVE_COUNT_MAX)) {
                result = result.with(Settings.KEEPALIVE_COUNT_MAX, DEFAULT_COUNT_MAX); // ssh's, with an interval
            }
        }
        return result;
    }

    private List<Line> parse(Path file, ReadLimits limits) throws ImportException {
        String text = readText(file, limits);
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<Line> parsed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            List<String> words = words(file, number, lines[i]);
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            if (args.isEmpty() && !keyword.equals("match")) {
                throw new ImportException(file, number, switch (keyword) {
                    case "host" -> "Host needs at least one name";
                    case "include" -> "Include needs a file";
                    default -> "\"" + words.get(0) + "\" has no value";
                });
            }
            parsed.add(new Line(file, number, keyword, List.copyOf(args)));
        }
        return parsed;
    }

    private List<Path> expand(String pattern) throws ImportException {
        String expanded = pattern.equals("~") || pattern.startsWith("~/")
                ? local.home() + pattern.substring(1) : pattern;
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

    /** UTF-8 as ssh reads it; UTF-16 and UTF-32 are named as what they are (see {@link TextFiles#readUtf8}). */
    private static String readText(Path file, ReadLimits limits) throws ImportException {
        return TextFiles.readUtf8(file, limits); // also counts the file's lines against the bounds
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
