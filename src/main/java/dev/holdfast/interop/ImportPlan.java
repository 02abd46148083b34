package dev.holdfast.interop;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.DefaultSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the user chose in the import preview, applied to the catalog in one step (so one atomic save).
 * Ticked or not, each imported session's effective values are the ones the other tool would use.
 *
 * @param chosen the sessions to import, by name as found
 * @param conflicts what to do with each chosen session whose name is taken; SKIP when not listed
 * @param useDefaults whether the file's defaults (such as {@code Host *}) replace those Default Settings
 */
public record ImportPlan(Set<String> chosen, Map<String, Conflict> conflicts, boolean useDefaults) {

    /** What happens to an imported session whose name a saved session already has. */
    public enum Conflict {
        /** Keep the saved session, do not import this one. */
        SKIP("Skip"),
        /** Import it under a free name, such as "web (2)". */
        RENAME("Import as a new name"),
        /** Replace the saved session's settings with the imported ones. */
        REPLACE("Replace the saved one");

        private final String label;

        Conflict(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The names that clash with saved sessions. */
    public static List<String> conflicting(ImportResult result, Catalog catalog) {
        return result.sessions().stream().map(ImportedSession::name).filter(n -> catalog.byName(n).isPresent())
                .toList();
    }

    /**
     * The new catalog: chosen sessions added (or replacing), defaults merged when asked. Names are compared
     * without regard to case, as {@link Catalog#byName} finds them, so "WEB" never lands next to "web".
     */
    public Catalog apply(Catalog catalog, ImportResult result) {
        ImportResult cleaned = ImportRules.clean(result);
        DefaultSettings target = useDefaults ? mergedDefaults(catalog.defaults(), cleaned) : catalog.defaults();
        List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
        Set<String> saved = new HashSet<>();
        catalog.sessions().forEach(s -> saved.add(s.id()));
        for (ImportedSession imported : cleaned.sessions()) {
            if (!chosen.contains(imported.name())) {
                continue;
            }
            SettingValues overrides = overrides(imported, target, useDefaults);
            Optional<SessionProfile> existing = sessions.stream().filter(s -> sameName(s.name(), imported.name()))
                    .findFirst();
            if (existing.isEmpty()) {
                sessions.add(SessionProfile.create(imported.name()).withFolder(imported.folder())
                        .withOverrides(overrides));
                continue;
            }
            // a name that only a session added by this import has (after a rename) gets a new name too
            Conflict choice = saved.contains(existing.get().id())
                    ? conflicts.getOrDefault(imported.name(), Conflict.SKIP) : Conflict.RENAME;
            switch (choice) {
                case RENAME -> {
                    Set<String> taken = new HashSet<>();
                    sessions.forEach(s -> taken.add(s.name().toLowerCase(Locale.ROOT)));
                    sessions.add(SessionProfile.create(ImportRules.unique(imported.name(), taken))
                            .withFolder(imported.folder()).withOverrides(overrides));
                }
                case REPLACE -> sessions.set(sessions.indexOf(existing.get()),
                        existing.get().withFolder(imported.folder()).withOverrides(overrides));
                case SKIP -> { }
                default -> throw new IllegalStateException();
            }
        }
        Catalog next = catalog.withSessions(sessions);
        return useDefaults ? next.withDefaults(target) : next;
    }

    /**
     * The overrides a session gets when it lands in {@code defaults}: everything the file set for it, less
     * what it inherits from the file's own defaults when those became the Default Settings
     * ({@code inherit}), plus each value the tool assumes for what the file left unset where the Default
     * Settings differ. So the session's effective values are the tool's, ticked or not.
     */
    public static SettingValues overrides(ImportedSession session, DefaultSettings defaults, boolean inherit) {
        SettingValues overrides = session.overrides();
        if (inherit) {
            for (Setting<?> setting : session.fromDefaults()) {
                if (overrides.contains(setting) && sameAsDefault(overrides, setting, defaults)) {
                    overrides = overrides.without(setting);
                }
            }
        }
        for (Setting<?> setting : session.assumed().settings()) {
            if (!session.overrides().contains(setting) && !sameAsDefault(session.assumed(), setting, defaults)) {
                overrides = copy(overrides, setting, session.assumed());
            }
        }
        return overrides;
    }

    /** Each Default Setting the import would replace, as "Label old \u2192 new"; empty when none changes. */
    public static List<String> replacedDefaults(ImportResult result, DefaultSettings current) {
        SettingValues found = ImportRules.clean(result).defaults();
        List<String> changes = new ArrayList<>();
        for (Setting<?> setting : found.settings()) {
            if (!sameAsDefault(found, setting, current)) {
                changes.add(change(setting, current, found));
            }
        }
        return changes;
    }

    private static <T> String change(Setting<T> setting, DefaultSettings current, SettingValues found) {
        return setting.label() + " " + shown(setting, current.get(setting)) + " \u2192 "
                + shown(setting, found.get(setting).orElseThrow());
    }

    private static <T> String shown(Setting<T> setting, T value) {
        String text = setting.format(value);
        return text.isEmpty() ? "(none)" : text;
    }

    private static DefaultSettings mergedDefaults(DefaultSettings defaults, ImportResult cleaned) {
        DefaultSettings merged = defaults;
        SettingValues found = cleaned.defaults();
        for (Setting<?> setting : found.settings()) {
            merged = withValue(merged, setting, found);
        }
        return merged;
    }

    private static <T> boolean sameAsDefault(SettingValues values, Setting<T> setting, DefaultSettings defaults) {
        return values.get(setting).orElseThrow().equals(defaults.get(setting));
    }

    private static <T> SettingValues copy(SettingValues into, Setting<T> setting, SettingValues from) {
        return into.with(setting, from.get(setting).orElseThrow());
    }

    private static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static <T> DefaultSettings withValue(DefaultSettings defaults, Setting<T> setting, SettingValues values) {
        return defaults.with(setting, values.get(setting).orElseThrow());
    }
}
