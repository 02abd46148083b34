package dev.holdfast.session;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the settings file holds: Default Settings, the saved sessions and app preferences.
 * Immutable; edits produce a new catalog.
 *
 * @param defaults the values sessions inherit
 * @param sessions saved sessions in the user's order
 * @param preferences small app preferences such as the theme, as text
 * @param extra top-level fields from a newer version, kept when saving
 */
public record Catalog(DefaultSettings defaults, List<SessionProfile> sessions, Map<String, String> preferences,
                      Map<String, Object> extra) {

    public Catalog {
        sessions = List.copyOf(sessions);
        preferences = Map.copyOf(preferences);
        extra = Map.copyOf(extra);
    }

    public static Catalog empty() {
        return new Catalog(DefaultSettings.builtIn(), List.of(), Map.of(), Map.of());
    }

    public Optional<SessionProfile> byId(String id) {
        return sessions.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Names are unique ignoring case, so {@code --session NAME} is never ambiguous. */
    public Optional<SessionProfile> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return sessions.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    public EffectiveSettings effective(SessionProfile profile) {
        return new EffectiveSettings(profile, defaults);
    }

    /** How many sessions take {@code setting} from Default Settings. */
    public long inheritingCount(Setting<?> setting) {
        return sessions.stream().filter(s -> !s.overrides().contains(setting)).count();
    }

    public Catalog withDefaults(DefaultSettings newDefaults) {
        return new Catalog(newDefaults, sessions, preferences, extra);
    }

    public Catalog withSessions(List<SessionProfile> newSessions) {
        return new Catalog(defaults, newSessions, preferences, extra);
    }

    public Catalog withPreference(String key, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(preferences);
        copy.put(key, value);
        return new Catalog(defaults, sessions, copy, extra);
    }
}
