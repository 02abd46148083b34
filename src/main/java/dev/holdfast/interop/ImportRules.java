package dev.holdfast.interop;

import dev.holdfast.session.FieldRules;
import dev.holdfast.session.SessionNames;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts everything an importer found through the editor's rules before the preview shows it, so nothing
 * is saved that the editor would refuse (or that the next start would have to repair). Names are cleaned
 * (control characters become spaces, ends trimmed, shortened to the limit) and made unique in the file
 * without regard to case ("web", "WEB" → "WEB (2)"); folders lose empty parts; a value that breaks its
 * setting's rule is left out with a note for that session ("Port 99999 left out: Port must be between 1
 * and 65535"). Pure functions; any thread.
 */
public final class ImportRules {
    /** {@link FieldRules#sessionName} refuses longer names. */
    static final int MAX_NAME = 100;
    private static final int SHOWN = 60;

    private ImportRules() {
    }

    /** The result with every name, folder and value passing the editor's rules; what changed is noted. */
    public static ImportResult clean(ImportResult found) {
        Map<String, String> taken = new HashMap<>();
        List<ImportedSession> sessions = new ArrayList<>();
        int index = 0;
        for (ImportedSession session : found.sessions()) {
            index++;
            List<String> notes = new ArrayList<>();
            String name = cleanName(session.name());
            if (FieldRules.sessionName(name).isPresent()) {
                name = "Imported session " + index;
            }
            String folder = cleanFolder(session.folder());
            if (FieldRules.folder(folder).isPresent()) {
                notes.add("folder " + visible(session.folder()) + " left out: " + FieldRules.folder(folder).get());
                folder = "";
            }
            String unique = unique(name, taken.keySet());
            taken.put(unique.toLowerCase(Locale.ROOT), unique);
            if (!unique.equals(session.name())) {
                notes.add("name " + visible(session.name()) + " imported as \"" + unique + "\" ("
                        + (unique.equals(name) ? FieldRules.sessionName(session.name()).orElse("cleaned")
                        : "another session in this file is called \"" + taken.get(name.toLowerCase(Locale.ROOT))
                        + "\"") + ")");
            }
            SettingValues values = checked(session.overrides(), notes);
            List<String> skipped = new ArrayList<>(notes);
            skipped.addAll(session.skipped());
            sessions.add(new ImportedSession(unique, folder, values, skipped.stream().map(ImportRules::oneLine)
                    .toList(), session.assumed(), session.fromDefaults()));
        }
        List<String> fileNotes = new ArrayList<>(found.notes());
        List<String> defaultNotes = new ArrayList<>();
        SettingValues defaults = checked(found.defaults(), defaultNotes);
        defaultNotes.forEach(n -> fileNotes.add("Default Settings: " + n));
        return new ImportResult(sessions, defaults, fileNotes.stream().map(ImportRules::oneLine).toList());
    }

    /** Control characters become one space each run, ends trimmed, at most {@value #MAX_NAME} characters. */
    static String cleanName(String raw) {
        String name = raw.replaceAll("\\p{Cc}+", " ").strip();
        return shorten(name, MAX_NAME);
    }

    /** Each '/' part cleaned like a name; empty parts (as in "Folder/" or "a//b") dropped. */
    static String cleanFolder(String raw) {
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/", -1)) {
            String clean = part.replaceAll("\\p{Cc}+", " ").strip();
            if (!clean.isEmpty()) {
                parts.add(clean);
            }
        }
        return String.join("/", parts);
    }

    /** The first free name, without regard to case, that still fits the length limit. */
    static String unique(String name, Set<String> takenLowerCase) {
        String base = name;
        while (true) {
            String candidate = SessionNames.unique(base, n -> takenLowerCase.contains(n.toLowerCase(Locale.ROOT)));
            if (candidate.length() <= MAX_NAME) {
                return candidate;
            }
            base = shorten(base, base.length() - (candidate.length() - MAX_NAME));
        }
    }

    /** The values that pass their rule; each one left out is noted with the rule's message. */
    static SettingValues checked(SettingValues values, List<String> notes) {
        SettingValues result = values;
        for (Setting<?> setting : values.settings()) {
            Optional<String> problem = problem(values, setting);
            if (problem.isPresent()) {
                notes.add(setting.label() + " " + visible(text(values, setting)) + " left out: " + problem.get());
                result = result.without(setting);
            }
        }
        return result;
    }

    private static <T> Optional<String> problem(SettingValues values, Setting<T> setting) {
        T value = values.get(setting).orElseThrow();
        // stricter than the editor for file names: a line break in one is never what a tool meant to export
        // (the forwards field alone holds one forward per line)
        if (value instanceof String text && (setting == dev.holdfast.session.Settings.FORWARDS
                ? text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')
                : text.chars().anyMatch(Character::isISOControl))) {
            return Optional.of(setting.label() + " must not contain control characters");
        }
        return setting.check(value);
    }

    private static <T> String text(SettingValues values, Setting<T> setting) {
        return setting.format(values.get(setting).orElseThrow());
    }

    /** A value for a note: quoted, control characters shown as {@code \n} or {@code \x1b}, long ones cut. */
    static String visible(String value) {
        StringBuilder shown = new StringBuilder("\"");
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (++count > SHOWN) {
                shown.append('\u2026');
                break;
            }
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        shown.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.append('"').toString();
    }

    private static String oneLine(String note) {
        return note.replaceAll("\\p{Cc}", " ");
    }

    private static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).strip();
    }
}
