package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * WinSCP's {@code WinSCP.ini}: each {@code [Sessions\\Folder/Site%20name]} section is a site. Names and
 * values are %XX-decoded (WinSCP's UnMungeStr); the path before the last '/' is the folder. Every value a site
 * leaves out means WinSCP's factory default, since WinSCP saves a site without the values equal to those
 * (SessionData.cpp, TStoredSessionList::DoSave) and loads it onto them (TSessionData::Default): port 22,
 * keepalives off, an interval of 30 s. Workspaces ({@code IsWorkspace=1}) are listed, not imported; stored
 * passwords are never imported, and each site that had one says so. The whole file is read or nothing is.
 */
public final class WinScpImporter {
    /** WinSCP's PingInterval default, in seconds (TSessionData::DefaultSettings). */
    static final int DEFAULT_PING_SECONDS = 30;

    public ImportResult read(Path file) throws ImportException {
        String[] lines = TextFiles.read(file, ReadLimits.standard(), "WinSCP").split("\r\n|\n|\r", -1);
        Map<String, Map<String, String>> sites = new LinkedHashMap<>();
        Map<String, String> current = null;
        boolean sawSection = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ImportException(file, i + 1, "a section name is not closed with ']'");
                }
                sawSection = true;
                String section = line.substring(1, line.length() - 1);
                current = section.regionMatches(true, 0, "Sessions\\", 0, 9) && section.length() > 9
                        ? sites.computeIfAbsent(TextFiles.unescape(section.substring(9)), n -> new LinkedHashMap<>())
                        : null;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ImportException(file, i + 1, "not a Name=value line: " + line);
            }
            if (current != null) {
                current.putIfAbsent(line.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        TextFiles.unescape(line.substring(eq + 1).strip()));
            }
        }
        if (!sawSection) {
            throw new ImportException(file, 0, "has no [sections]; it is not a WinSCP.ini");
        }
        List<ImportedSession> sessions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Integer> workspaces = new LinkedHashMap<>();
        SettingValues defaults = SettingValues.empty();
        for (Map.Entry<String, Map<String, String>> site : sites.entrySet()) {
            String name = site.getKey();
            Map<String, String> values = site.getValue();
            Integer workspace = PuttyImporter.integer(values.getOrDefault("isworkspace", "0"));
            if (workspace != null && workspace != 0) {
                // a workspace is saved as "Name/0000", "Name/0001"...: one entry per tab it opens
                int slash = name.lastIndexOf('/');
                workspaces.merge(slash > 0 ? name.substring(0, slash) : name, 1, Integer::sum);
                continue;
            }
            List<String> skipped = new ArrayList<>();
            Map<String, String> putty = new LinkedHashMap<>(values);
            putty.remove("tcpkeepalives");
            SettingValues settings = keepalive(PuttyImporter.map(putty, skipped), values, skipped);
            for (String password : List.of("password", "passwordplain")) {
                if (!values.getOrDefault(password, "").isEmpty()) {
                    skipped.add("password not imported (Holdfast never stores passwords; it asks when connecting)");
                    break;
                }
            }
            if (name.equals("Default Settings")) {
                defaults = settings.without(Settings.HOST).without(Settings.USER);
                skipped.forEach(n -> notes.add("Default Settings: " + n));
                continue;
            }
            String protocol = values.getOrDefault("fsprotocol", "").strip().toLowerCase(Locale.ROOT);
            if (List.of("5", "6", "7", "8", "ftp", "webdav", "s3").contains(protocol)) {
                notes.add("\"" + name + "\": an FTP/WebDAV/S3 site (only SSH sites are imported)");
                continue;
            }
            if (!settings.contains(Settings.HOST)) {
                notes.add("\"" + name + "\": no host name, skipped");
                continue;
            }
            // "Folder/" or "a//b/": the last part that is not blank is the name, the ones before it the folder
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/", -1)) {
                if (!ImportRules.cleanName(part).isEmpty()) {
                    parts.add(part);
                }
            }
            String shortName = parts.isEmpty() ? name : parts.get(parts.size() - 1);
            String folder = parts.size() > 1 ? String.join("/", parts.subList(0, parts.size() - 1)) : "";
            sessions.add(new ImportedSession(shortName, folder, settings, skipped));
        }
        workspaces.forEach((workspace, tabs) -> notes.add("\"" + workspace + "\": a WinSCP workspace (" + tabs
                + (tabs == 1 ? " tab" : " tabs") + "), skipped: a workspace is not a site"));
        return ImportRules.clean(new ImportResult(sessions, defaults, notes));
    }

    /**
     * WinSCP's keepalives as it loads them (SessionData.cpp, TSessionData::DoLoad): the interval is
     * {@code PingInterval * 60 + PingIntervalSecs} (the obsolete PingIntervalSec when PingIntervalSecs is
     * missing), a missing PingInterval counting 0 and a missing PingIntervalSecs 30 (the defaults' 30 s split
     * the way WinSCP saves it: 30 / 60 and 30 % 60), and a total of 0 becoming 30. PingType 0 (the default) is
     * off, 1 null packets, 2 dummy commands, which the server answers, so they become SSH probes; CountMax is
     * left to Default Settings, WinSCP having none. WinSCP never sends TCP keepalives (SecureShell.cpp sets
     * PuTTY's tcp_keepalives to 0), so every site has them off.
     */
    static SettingValues keepalive(SettingValues settings, Map<String, String> values, List<String> skipped) {
        long minutes = part(values, "pinginterval", 0, skipped);
        long seconds = values.containsKey("pingintervalsecs") || !values.containsKey("pingintervalsec")
                ? part(values, "pingintervalsecs", DEFAULT_PING_SECONDS, skipped)
                : part(values, "pingintervalsec", DEFAULT_PING_SECONDS, skipped);
        long interval = minutes * 60 + seconds;
        if (interval == 0) {
            interval = DEFAULT_PING_SECONDS;
        } else if (interval < 0) {
            skipped.add("ping interval " + interval + " s is below 0: imported as WinSCP's default, "
                    + DEFAULT_PING_SECONDS + " s");
            interval = DEFAULT_PING_SECONDS;
        } else if (interval > FieldRules.MAX_INTERVAL_SECONDS) {
            skipped.add("ping interval " + interval + " s is longer than Holdfast's longest ("
                    + FieldRules.MAX_INTERVAL_SECONDS + " s): imported as " + FieldRules.MAX_INTERVAL_SECONDS + " s");
            interval = FieldRules.MAX_INTERVAL_SECONDS;
        }
        String typeText = values.getOrDefault("pingtype", "0");
        Integer type = PuttyImporter.integer(typeText);
        if (type == null || type < 0 || type > 2) {
            skipped.add("PingType " + ImportRules.visible(typeText) + " is not one WinSCP has for SSH (0, 1, 2):"
                    + " imported as off, WinSCP's default");
            type = 0;
        }
        SettingValues result = settings.with(Settings.TCP_KEEPALIVE, false);
        switch (type) {
            case 1 -> result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET)
                    .with(Settings.KEEPALIVE_INTERVAL, (int) interval);
            case 2 -> {
                result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                        .with(Settings.KEEPALIVE_INTERVAL, (int) interval);
                skipped.add("PingType 2 (dummy commands, which the server answers) imported as SSH probes every "
                        + interval + " s; CountMax, how many may go unanswered, is inherited from Default Settings"
                        + " (WinSCP has no such setting)");
            }
            default -> result = result.with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF);
        }
        return result;
    }

    private static long part(Map<String, String> values, String key, int missing, List<String> skipped) {
        String text = values.get(key);
        if (text == null) {
            return missing;
        }
        Integer number = PuttyImporter.integer(text);
        if (number == null) {
            // TIniFile.ReadInteger gives the default for a value that is not a number
            skipped.add(option(key) + " " + ImportRules.visible(text) + " is not a number: WinSCP's default used");
            return missing;
        }
        return number;
    }

    private static String option(String key) {
        return switch (key) {
            case "pinginterval" -> "PingInterval";
            case "pingintervalsecs" -> "PingIntervalSecs";
            default -> "PingIntervalSec";
        };
    }
}
