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
        List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
        Set<String> saved = new HashSet<>();
        catalog.sessions().forEach(s -> saved.add(s.id()));
        for (ImportedSession imported : ImportRules.clean(result).sessions()) {
            if (!chosen.contains(imported.name())) {
                continue;
            }
            Optional<SessionProfile> existing = sessions.stream().filter(s -> sameName(s.name(), imported.name()))
                    .findFirst();
            if (existing.isEmpty()) {
                sessions.add(SessionProfile.create(imported.name()).withFolder(imported.folder())
                        .withOverrides(imported.overrides()));
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
                            .withFolder(imported.folder()).withOverrides(imported.overrides()));
                }
                case REPLACE -> sessions.set(sessions.indexOf(existing.get()),
                        existing.get().withFolder(imported.folder()).withOverrides(imported.overrides()));
                case SKIP -> { }
                default -> throw new IllegalStateException();
            }
        }
        Catalog next = catalog.withSessions(sessions);
        if (useDefaults && !result.defaults().isEmpty()) {
            DefaultSettings defaults = next.defaults();
            SettingValues found = ImportRules.clean(result).defaults();
            for (Setting<?> setting : found.settings()) {
                defaults = withValue(defaults, setting, found);
            }
            next = next.withDefaults(defaults);
        }
        return next;
    }

    private static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static <T> DefaultSettings withValue(DefaultSettings defaults, Setting<T> setting, SettingValues values) {
        return defaults.with(setting, values.get(setting).orElseThrow());
    }
}
