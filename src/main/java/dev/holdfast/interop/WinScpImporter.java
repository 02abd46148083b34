package dev.holdfast.interop;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * WinSCP's {@code WinSCP.ini}: each {@code [Sessions\Folder/Site%20name]} section is a site. Names and
 * values are URL-decoded; the path before the last '/' is the folder. PingType 0 is off, 1 null packets,
 * 2 (dummy commands) is imported as probes, every PingIntervalSecs (WinSCP's default 30).
 */
public final class WinScpImporter {

    public ImportResult read(Path file) throws ImportException {
        String[] lines = TextFiles.read(file).split("\r\n|\n|\r", -1);
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
        SettingValues defaults = SettingValues.empty();
        for (Map.Entry<String, Map<String, String>> site : sites.entrySet()) {
            Map<String, String> values = site.getValue();
            List<String> skipped = new ArrayList<>();
            Map<String, String> putty = new LinkedHashMap<>(values);
            putty.remove("pingintervalsecs");
            putty.remove("pinginterval");
            SettingValues settings = PuttyImporter.map(putty, skipped);
            int type = values.containsKey("pingtype") ? PuttyImporter.number(values.get("pingtype")) : 0;
            int seconds = values.containsKey("pingintervalsecs")
                    ? PuttyImporter.number(values.get("pingintervalsecs")) : 30;
            if (type == 0 || seconds == 0) {
                settings = settings.with(Settings.KEEPALIVE_MODE, KeepaliveMode.OFF);
            } else if (seconds > 0 && seconds <= 86_400) {
                settings = settings.with(Settings.KEEPALIVE_MODE, type == 1 ? KeepaliveMode.NULL_PACKET
                        : KeepaliveMode.PROBE).with(Settings.KEEPALIVE_INTERVAL, seconds);
                if (type == 2) {
                    skipped.add("PingType 2 (dummy commands) imported as SSH probes, which also detect a dead server");
                }
            }
            String name = site.getKey();
            if (name.equals("Default Settings")) {
                defaults = settings.without(Settings.HOST).without(Settings.USER);
                continue;
            }
            String protocol = values.getOrDefault("fsprotocol", "");
            if (!protocol.isEmpty() && List.of("5", "6", "7", "8").contains(protocol)) {
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
        return ImportRules.clean(new ImportResult(sessions, defaults, notes));
    }
}
