package dev.holdfast.interop;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.DefaultSettings;
import dev.holdfast.session.SessionNames;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import java.util.ArrayList;
import java.util.List;
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

    /** The new catalog: chosen sessions added (or replacing), defaults merged when asked. */
    public Catalog apply(Catalog catalog, ImportResult result) {
        List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
        for (ImportedSession imported : result.sessions()) {
            if (!chosen.contains(imported.name())) {
                continue;
            }
            Optional<SessionProfile> existing = sessions.stream().filter(s -> s.name().equals(imported.name()))
                    .findFirst();
            if (existing.isEmpty()) {
                sessions.add(SessionProfile.create(imported.name()).withFolder(imported.folder())
                        .withOverrides(imported.overrides()));
                continue;
            }
            switch (conflicts.getOrDefault(imported.name(), Conflict.SKIP)) {
                case RENAME -> {
                    String name = SessionNames.unique(imported.name(),
                            n -> sessions.stream().anyMatch(s -> s.name().equals(n)));
                    sessions.add(SessionProfile.create(name).withFolder(imported.folder())
                            .withOverrides(imported.overrides()));
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
            for (Setting<?> setting : result.defaults().settings()) {
                defaults = withValue(defaults, setting, result.defaults());
            }
            next = next.withDefaults(defaults);
        }
        return next;
    }

    private static <T> DefaultSettings withValue(DefaultSettings defaults, Setting<T> setting, SettingValues values) {
        return defaults.with(setting, values.get(setting).orElseThrow());
    }
}
