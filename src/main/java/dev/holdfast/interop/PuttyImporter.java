package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.PortForward;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PuTTY's saved sessions: a {@code .reg} export of {@code HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions}
 * (UTF-16LE with BOM as regedit 5 writes it, UTF-8, or an ANSI {@code REGEDIT4} export in Windows-1252), or the
 * Unix {@code ~/.putty/sessions/} directory. Session names are %XX-decoded as PuTTY escapes them; only SSH
 * sessions are imported; "Default Settings" is offered as Default Settings. Every session gets PuTTY's own
 * meaning for what it leaves out (PuTTY reads a missing key as its built-in default, never as another
 * session's): no ping, no TCP keepalives, port 22. The whole file is read or nothing is.
 */
public final class PuttyImporter {
    private static final String SESSIONS_KEY = "\\software\\simontatham\\putty\\sessions\\";
    /** PuTTY's default port for SSH (settings.c, load_open_settings: default_port). */
    static final int SSH_PORT = 22;

    public ImportResult read(Path fileOrDirectory) throws ImportException {
        Map<String, Map<String, String>> sessions = Files.isDirectory(fileOrDirectory)
                ? readDirectory(fileOrDirectory) : readReg(fileOrDirectory);
        List<ImportedSession> imported = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        SettingValues defaults = SettingValues.empty();
        for (Map.Entry<String, Map<String, String>> entry : sessions.entrySet()) {
            String name = entry.getKey();
            Map<String, String> values = entry.getValue();
            List<String> skipped = new ArrayList<>();
            SettingValues settings = keepalive(map(values, skipped), values, skipped);
            if (name.equals("Default Settings")) {
                defaults = settings.without(Settings.HOST).without(Settings.USER);
                continue;
            }
            String protocol = values.getOrDefault("protocol", "ssh").strip().toLowerCase(Locale.ROOT);
            if (!protocol.equals("ssh")) {
                notes.add("\"" + name + "\": protocol " + protocol + " (only SSH sessions are imported)");
                continue;
            }
            if (!settings.contains(Settings.HOST)) {
                notes.add("\"" + name + "\": no host name, skipped");
                continue;
            }
            imported.add(new ImportedSession(name, "", settings, skipped));
        }
        return ImportRules.clean(new ImportResult(imported, defaults, notes));
    }

    /**
     * PuTTY's keepalives as PuTTY reads them (settings.c, load_open_settings): the ping interval is
     * {@code PingInterval * 60 + PingIntervalSecs}, each 0 when missing (PingInterval is minutes, kept from
     * 0.50/0.51; PuTTY itself saves interval / 60 and interval % 60). Any interval above 0 sends null packets
     * (SSH_MSG_IGNORE, which expects no answer); 0 sends nothing. TCPKeepalives is off unless set to non-zero.
     * Both are written as the session's own values, so Holdfast's Default Settings never change them.
     */
    static SettingValues keepalive(SettingValues settings, Map<String, String> values, List<String> skipped) {
        long minutes = pingPart(values, "pinginterval", "PingInterval", skipped);
        long seconds = pingPart(values, "pingintervalsecs", "PingIntervalSecs", skipped);
        long interval = minutes * 60 + seconds;
        SettingValues result = settings;
        if (interval <= 0) {
            if (interval < 0) {
                skipped.add("ping interval " + interval + " s (PingInterval " + minutes + " min + PingIntervalSecs "
                        + seconds + " s) is below 0: imported as no keepalive");
            }
            result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF);
        } else {
            int shown = (int) Math.min(interval, FieldRules.MAX_INTERVAL_SECONDS);
            if (shown != interval) {
                skipped.add("ping interval " + interval + " s is longer than Holdfast's longest ("
                        + FieldRules.MAX_INTERVAL_SECONDS + " s): null packets every " + shown + " s instead");
            }
            result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET)
                    .with(Settings.KEEPALIVE_INTERVAL, shown);
        }
        boolean tcp = false;
        String text = values.get("tcpkeepalives");
        if (text != null) {
            Integer flag = integer(text);
            if (flag == null) {
                skipped.add("TCPKeepalives " + ImportRules.visible(text) + " is not a number: imported as off, PuTTY's"
                        + " default");
            } else {
                tcp = flag != 0;
            }
        }
        return result.with(Settings.TCP_KEEPALIVE, tcp);
    }

    private static long pingPart(Map<String, String> values, String key, String option, List<String> skipped) {
        String text = values.get(key);
        if (text == null) {
            return 0;
        }
        Integer number = integer(text);
        if (number == null) {
            skipped.add(option + " " + ImportRules.visible(text) + " is not a number: counted as 0, as PuTTY does");
            return 0;
        }
        return number;
    }

    /**
     * Host, user, port, key file and the options Holdfast does not have, as PuTTY and WinSCP both name them.
     * A missing PortNumber is 22, their default for SSH, written as the session's own.
     */
    static SettingValues map(Map<String, String> values, List<String> skipped) {
        SettingValues result = SettingValues.empty();
        String host = values.getOrDefault("hostname", "").strip();
        String user = values.getOrDefault("username", "").strip();
        if (host.contains("@") && user.isEmpty()) {
            user = host.substring(0, host.lastIndexOf('@'));
            host = host.substring(host.lastIndexOf('@') + 1);
        }
        result = put(result, Settings.HOST, host, skipped, "HostName");
        result = put(result, Settings.USER, user, skipped, "UserName");
        result = putNumber(result, Settings.PORT, values.getOrDefault("portnumber", String.valueOf(SSH_PORT)), skipped,
                "PortNumber");
        String key = values.getOrDefault("publickeyfile", "").strip();
        if (!key.isEmpty()) {
            result = put(result, Settings.KEY_FILE, key, skipped, "PublicKeyFile").with(Settings.AUTH,
                    AuthMethod.PUBLIC_KEY);
        }
        String certificate = values.getOrDefault("detachedcertificate", "").strip();
        if (!certificate.isEmpty()) {
            result = put(result, Settings.CERTIFICATE_FILE, certificate, skipped, "DetachedCertificate");
        }
        Integer agentForward = integer(values.getOrDefault("agentfwd", "0"));
        if (agentForward != null && agentForward != 0) {
            result = result.with(Settings.FORWARD_AGENT, true);
        }
        Integer tryAgent = integer(values.getOrDefault("tryagent", "1"));
        if (tryAgent != null && tryAgent == 0) {
            result = result.with(Settings.AGENT, AgentUse.OFF);
        }
        result = jumpHost(values, result, skipped);
        String forwards = values.getOrDefault("portforwardings", "").strip();
        if (!forwards.isEmpty()) {
            List<String> kept = forwards(forwards, skipped);
            if (!kept.isEmpty()) {
                result = result.with(Settings.FORWARDS, String.join("\n", kept));
            }
        }
        String x11 = values.getOrDefault("x11forward", "").strip();
        if (!x11.isEmpty() && !x11.equals("0") && !x11.equals("dword:00000000")) {
            skipped.add("x11forward " + x11 + " (not supported)");
        }
        return result;
    }

    /** PuTTY's SSH proxy types (0.77 and later): through an SSH server, as a jump host. */
    private static final int PROXY_SSH_FIRST = 6;
    private static final int PROXY_SSH_LAST = 8;

    /**
     * A jump host: PuTTY's proxy of type "SSH" (ProxyMethod 6 to 8: ProxyHost, ProxyPort, ProxyUsername), or
     * WinSCP's SSH tunnel (Tunnel 1: TunnelHostName, TunnelPortNumber, TunnelUserName). Other proxies are noted.
     */
    private static SettingValues jumpHost(Map<String, String> values, SettingValues result, List<String> skipped) {
        Integer tunnel = integer(values.getOrDefault("tunnel", "0"));
        String host;
        String port;
        String user;
        String option;
        if (tunnel != null && tunnel != 0) {
            host = values.getOrDefault("tunnelhostname", "").strip();
            port = values.getOrDefault("tunnelportnumber", "22").strip();
            user = values.getOrDefault("tunnelusername", "").strip();
            option = "Tunnel";
        } else {
            String proxyHost = values.getOrDefault("proxyhost", "").strip();
            Integer method = integer(values.getOrDefault("proxymethod", "0"));
            if (method == null || method == 0 || proxyHost.isEmpty() || proxyHost.equals("proxy")) {
                return result; // PuTTY writes ProxyHost "proxy" as its default, with no proxy in use
            }
            if (method < PROXY_SSH_FIRST || method > PROXY_SSH_LAST) {
                skipped.add("proxy " + ImportRules.visible(proxyHost) + " of type " + method
                        + " (SOCKS, HTTP, Telnet or a local command: not supported; only SSH proxies become jump hosts)");
                return result;
            }
            host = proxyHost;
            port = values.getOrDefault("proxyport", "22").strip();
            user = values.getOrDefault("proxyusername", "").strip();
            option = "ProxyHost";
        }
        int portNumber = number(port);
        String hop = (user.isEmpty() ? "" : user + "@") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (portNumber == SSH_PORT ? "" : ":" + (portNumber < 0 ? port : String.valueOf(portNumber)));
        return put(result, Settings.PROXY_JUMP, hop, skipped, option);
    }

    /**
     * PuTTY's PortForwardings, "L8080=localhost:80,R9000=localhost:3000,D1080=D" (an optional 4 or 6 first asks for
     * IPv4 or IPv6 only, an address may come before the port), as the forwards field writes them.
     */
    static List<String> forwards(String text, List<String> skipped) {
        List<String> kept = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String spec = e.startsWith("4") || e.startsWith("6") ? e.substring(1) : e;
            int equals = spec.indexOf('=');
            String source = equals < 0 ? spec : spec.substring(0, equals);
            String target = equals < 0 ? "" : spec.substring(equals + 1);
            Parsed<PortForward> parsed = source.isEmpty() ? Parsed.error("no port")
                    : source.startsWith("D")
                    ? PortForward.parse("D " + source.substring(1))
                    : PortForward.parse(source.charAt(0) + " " + source.substring(1) + " " + target);
            if (parsed.isOk()) {
                kept.add(parsed.value().text());
            } else {
                skipped.add("PortForwardings " + ImportRules.visible(e) + " left out: "
                        + parsed.error().orElse("not valid"));
            }
        }
        return kept;
    }

    private static <T> SettingValues put(SettingValues values, Setting<T> setting, String text, List<String> skipped,
                                         String option) {
        if (text.isEmpty()) {
            return values;
        }
        var parsed = setting.parse(text);
        if (!parsed.isOk()) {
            skipped.add(option + " " + ImportRules.visible(text) + " left out: " + parsed.error().orElse("not valid"));
            return values;
        }
        return values.with(setting, parsed.value());
    }

    private static SettingValues putNumber(SettingValues values, Setting<Integer> setting, String text,
                                           List<String> skipped, String option) {
        if (text == null) {
            return values;
        }
        int number = number(text);
        return put(values, setting, number < 0 ? text : String.valueOf(number), skipped, option);
    }

    /** A .reg dword ("dword:0000001e", hex) or a plain decimal; -1 when neither. */
    static int number(String text) {
        Integer number = integer(text);
        return number == null ? -1 : number;
    }

    /**
     * A .reg dword ("dword:0000001e", 32 bits read as a signed int, as PuTTY's read_setting_i returns it) or a
     * decimal as the sessions files hold it; null when neither.
     */
    static Integer integer(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("dword:")) {
                String digits = t.substring(6);
                return digits.isEmpty() || digits.length() > 8 ? null : (int) Long.parseLong(digits, 16);
            }
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<String, Map<String, String>> readReg(Path file) throws ImportException {
        String text = TextFiles.readRegistryExport(file, ReadLimits.standard());
        String[] lines = text.split("\r\n|\n|\r", -1);
        if (lines.length == 0 || !(lines[0].strip().startsWith("Windows Registry Editor") || lines[0].strip()
                .equals("REGEDIT4"))) {
            throw new ImportException(file, 1, "is not a registry export (it should start with \"Windows Registry "
                    + "Editor Version 5.00\" or \"REGEDIT4\")");
        }
        Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ImportException(file, number, "a key name is not closed with ']'");
                }
                String key = line.substring(1, line.length() - 1);
                int at = key.toLowerCase(Locale.ROOT).indexOf(SESSIONS_KEY);
                // "[-HKEY_...]" deletes a key when imported: nothing to read
                if (!key.startsWith("-") && at >= 0 && key.length() > at + SESSIONS_KEY.length()) {
                    String name = TextFiles.unescape(key.substring(at + SESSIONS_KEY.length()));
                    current = sessions.computeIfAbsent(name, n -> new LinkedHashMap<>());
                } else {
                    current = null;
                }
                continue;
            }
            String name;
            String value;
            if (line.startsWith("@=")) {
                name = null; // the key's default value, which PuTTY does not use
                value = line.substring(2);
            } else {
                int eq = nameEnd(line);
                if (eq < 0) {
                    throw new ImportException(file, number, "not a \"Name\"=value line: " + line);
                }
                name = unquote(line.substring(1, eq - 1)).toLowerCase(Locale.ROOT);
                value = line.substring(eq + 1);
            }
            // regedit wraps long hex values (hex:, hex(2):, hex(7):...) with a '\' at the end of each line but the
            // last; PuTTY keeps nothing Holdfast reads in them, so their lines are checked and passed over
            if (!value.startsWith("\"") && value.endsWith("\\")) {
                if (!value.toLowerCase(Locale.ROOT).startsWith("hex")) {
                    throw new ImportException(file, number, "only hex values are continued with '\\': " + line);
                }
                while (value.endsWith("\\")) {
                    i++;
                    String next = i < lines.length ? lines[i].strip() : "";
                    if (next.isEmpty()) {
                        throw new ImportException(file, number, "a hex value ends with '\\' but is not continued on"
                                + " the next line (was the file cut short?)");
                    }
                    if (!next.matches("[0-9A-Fa-f,]*\\\\?")) {
                        throw new ImportException(file, i + 1, "a hex value continued from line " + number
                                + " goes on with something that is not hex: " + next);
                    }
                    value = value.substring(0, value.length() - 1) + next;
                }
            }
            if (value.startsWith("\"")) {
                if (value.length() < 2 || !value.endsWith("\"") || !closed(value)) {
                    throw new ImportException(file, number, "a quoted value is not closed: " + line);
                }
                value = unquote(value.substring(1, value.length() - 1));
            }
            if (current != null && name != null) {
                current.putIfAbsent(name, value);
            }
        }
        return sessions;
    }

    /** The index of the '=' after a quoted value name ({@code "Name"=}), or -1. */
    private static int nameEnd(String line) {
        if (!line.startsWith("\"")) {
            return -1;
        }
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i > 1 && i + 1 < line.length() && line.charAt(i + 1) == '=' ? i + 1 : -1;
            }
        }
        return -1;
    }

    /** Whether a quoted value's last quote closes it rather than being escaped by a '\\'. */
    private static boolean closed(String quoted) {
        int backslashes = 0;
        for (int i = quoted.length() - 2; i > 0 && quoted.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    /** regedit's escapes in a quoted string: {@code \\} and {@code \"}. */
    private static String unquote(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '"')) {
                i++;
                c = text.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The Unix sessions directory: one file per session, named by its escaped name, of {@code Key=value} lines.
     * As PuTTY's uxstore reads them, a line without '=' is passed over and the first value of a key counts.
     */
    private Map<String, Map<String, String>> readDirectory(Path dir) throws ImportException {
        Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ImportException(dir, 0, "cannot be listed: " + e.getMessage());
        }
        ReadLimits limits = ReadLimits.forDirectory();
        for (Path file : files) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : TextFiles.read(file, limits, "PuTTY").lines().toList()) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                values.putIfAbsent(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1));
            }
            sessions.put(TextFiles.unescape(file.getFileName().toString()), values);
        }
        return sessions;
    }
}
