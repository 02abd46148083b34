package dev.holdfast.session;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Everything the settings file holds: Default Settings, the saved sessions and app preferences.
 * Immutable; edits produce a new catalog. Looking a session up by id or name takes constant time: the
 * indexes are made on the first lookup, once per catalog, so a change followed by lookups stays linear
 * in the number of sessions even with 100,000 of them. Any thread.
 */
public final class Catalog {
    private final DefaultSettings defaults;
    private final List<SessionProfile> sessions;
    private final Map<String, String> preferences;
    private final Map<String, Object> extra;
    // made on first use, from immutable state: a race makes the same index twice, never a wrong one
    private volatile Map<String, SessionProfile> byId;
    private volatile Map<String, SessionProfile> byName;
    private volatile List<String> folders;
    private volatile SessionFilter.Index listIndex;

    /**
     * @param defaults the values sessions inherit
     * @param sessions saved sessions in the user's order
     * @param preferences small app preferences such as the theme, as text
     * @param extra top-level fields from a newer version, kept when saving
     */
    public Catalog(DefaultSettings defaults, List<SessionProfile> sessions, Map<String, String> preferences,
                   Map<String, Object> extra) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.sessions = List.copyOf(sessions);
        this.preferences = Map.copyOf(preferences);
        this.extra = Map.copyOf(extra);
    }

    public static Catalog empty() {
        return new Catalog(DefaultSettings.builtIn(), List.of(), Map.of(), Map.of());
    }

    public DefaultSettings defaults() {
        return defaults;
    }

    /** The saved sessions in the user's order. */
    public List<SessionProfile> sessions() {
        return sessions;
    }

    public Map<String, String> preferences() {
        return preferences;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Optional<SessionProfile> byId(String id) {
        Map<String, SessionProfile> index = byId;
        if (index == null) {
            index = new HashMap<>(sessions.size() * 4 / 3 + 1);
            for (SessionProfile session : sessions) {
                index.putIfAbsent(session.id(), session); // the first, as a search in order would find
            }
            byId = index;
        }
        return Optional.ofNullable(index.get(id));
    }

    /** Names are unique ignoring case, so {@code --session NAME} is never ambiguous. */
    public Optional<SessionProfile> byName(String name) {
        Map<String, SessionProfile> index = byName;
        if (index == null) {
            index = new HashMap<>(sessions.size() * 4 / 3 + 1);
            for (SessionProfile session : sessions) {
                index.putIfAbsent(session.name().toLowerCase(Locale.ROOT), session);
            }
            byName = index;
        }
        return Optional.ofNullable(index.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The folders sessions are in (not their parents unless a session is there), sorted; no empty one. */
    public List<String> folders() {
        List<String> known = folders;
        if (known == null) {
            TreeSet<String> set = new TreeSet<>();
            for (SessionProfile session : sessions) {
                if (!session.folder().isEmpty()) {
                    set.add(session.folder());
                }
            }
            known = List.copyOf(set);
            folders = known;
        }
        return known;
    }

    /** The session list's order and search texts, made on first use. */
    SessionFilter.Index listIndex() {
        SessionFilter.Index index = listIndex;
        if (index == null) {
            index = SessionFilter.Index.sort(this);
            listIndex = index;
        }
        return index;
    }

    /**
     * Makes the lookups and the session list's index now, so that a catalog loaded on a background thread
     * does not make them on the FX thread when the window first shows it.
     */
    void prepare() {
        byId("");
        byName("");
        listIndex();
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

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Catalog that && defaults.equals(that.defaults) && sessions.equals(that.sessions)
                && preferences.equals(that.preferences) && extra.equals(that.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaults, sessions, preferences, extra);
    }

    @Override
    public String toString() {
        return "Catalog[defaults=" + defaults + ", sessions=" + sessions + ", preferences=" + preferences
                + ", extra=" + extra + "]";
    }
}
