package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
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
 * (UTF-16LE with BOM as regedit writes it, or plain text), or the Unix {@code ~/.putty/sessions/} directory.
 * Session names are URL-decoded; only SSH sessions are imported; PuTTY's keepalives (PingInterval in
 * minutes, PingIntervalSecs) are null packets; "Default Settings" is offered as Default Settings.
 */
public final class PuttyImporter {
    private static final String SESSIONS_KEY = "\\software\\simontatham\\putty\\sessions\\";

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
            SettingValues settings = map(values, skipped);
            if (name.equals("Default Settings")) {
                defaults = settings.without(Settings.HOST).without(Settings.USER);
                continue;
            }
            String protocol = values.getOrDefault("protocol", "ssh").toLowerCase(Locale.ROOT);
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
        result = putNumber(result, Settings.PORT, values.get("portnumber"), skipped, "PortNumber");
        int seconds = -1;
        if (values.containsKey("pingintervalsecs")) {
            seconds = number(values.get("pingintervalsecs"));
        } else if (values.containsKey("pinginterval")) {
            int minutes = number(values.get("pinginterval"));
            seconds = minutes < 0 ? -1 : minutes * 60;
        }
        if (seconds == 0) {
            result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF);
        } else if (seconds > 0) {
            result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET);
            result = putNumber(result, Settings.KEEPALIVE_INTERVAL, String.valueOf(seconds), skipped, "PingIntervalSecs");
        }
        if (values.containsKey("tcpkeepalives")) {
            result = result.with(Settings.TCP_KEEPALIVE, number(values.get("tcpkeepalives")) == 1);
        }
        String key = values.getOrDefault("publickeyfile", "").strip();
        if (!key.isEmpty()) {
            result = put(result, Settings.KEY_FILE, key, skipped, "PublicKeyFile").with(Settings.AUTH,
                    AuthMethod.PUBLIC_KEY);
            if (result.contains(Settings.KEY_FILE) && key.toLowerCase(Locale.ROOT).endsWith(".ppk")) {
                skipped.add("PublicKeyFile " + key + " is a PuTTY .ppk key: SSHJ reads PPK files, but convert it to "
                        + "OpenSSH format (puttygen -O private-openssh) if it does not load");
            }
        }
        for (String option : List.of("proxyhost", "portforwardings", "x11forward", "agentfwd")) {
            String value = values.getOrDefault(option, "").strip();
            if (!value.isEmpty() && !value.equals("0")) {
                skipped.add(option + " " + value + " (not supported)");
            }
        }
        return result;
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
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("dword:")) {
                return (int) Long.parseLong(t.substring(6), 16);
            }
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Map<String, Map<String, String>> readReg(Path file) throws ImportException {
        String text = TextFiles.read(file, ReadLimits.standard());
        String[] lines = text.split("\r\n|\n|\r", -1);
        if (lines.length == 0 || !(lines[0].strip().startsWith("Windows Registry Editor") || lines[0].strip()
                .equals("REGEDIT4"))) {
            throw new ImportException(file, 1, "is not a registry export (it should start with \"Windows Registry "
                    + "Editor Version 5.00\")");
        }
        Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ImportException(file, i + 1, "a key name is not closed with ']'");
                }
                String key = line.substring(1, line.length() - 1);
                int at = key.toLowerCase(Locale.ROOT).indexOf(SESSIONS_KEY);
                if (at >= 0 && key.length() > at + SESSIONS_KEY.length()) {
                    String name = TextFiles.unescape(key.substring(at + SESSIONS_KEY.length()));
                    current = sessions.computeIfAbsent(name, n -> new LinkedHashMap<>());
                } else {
                    current = null;
                }
                continue;
            }
            int eq = line.indexOf("\"=");
            if (!line.startsWith("\"") || eq < 1) {
                throw new ImportException(file, i + 1, "not a \"Name\"=value line: " + line);
            }
            if (current == null) {
                continue;
            }
            String name = line.substring(1, eq).toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 2);
            if (value.startsWith("\"")) {
                if (!value.endsWith("\"") || value.length() < 2) {
                    throw new ImportException(file, i + 1, "a quoted value is not closed: " + line);
                }
                value = value.substring(1, value.length() - 1).replace("\\\\", "\\").replace("\\\"", "\"");
            }
            current.putIfAbsent(name, value);
        }
        return sessions;
    }

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
            String[] lines = TextFiles.read(file, limits).lines().toArray(String[]::new);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new ImportException(file, i + 1, "not a Name=value line: " + line.strip());
                }
                values.putIfAbsent(line.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        line.substring(eq + 1));
            }
            sessions.put(TextFiles.unescape(file.getFileName().toString()), values);
        }
        return sessions;
    }
}
