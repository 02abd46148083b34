package dev.holdfast.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges two catalogs that grew apart from the same one: {@code ours} (this window's) and {@code theirs}
 * (what another program, a second Holdfast or a sync tool left on disk), with {@code base} the catalog
 * both started from. Sessions are matched by id; what only one side changed, added or deleted is taken
 * from that side, field by field (name, folder, each setting), and so are Default Settings and
 * preferences. Nothing either side did is silently lost:
 * <ul>
 * <li>a session both sides changed in the same field differently keeps this window's version, and the
 *     other version is added beside it as a new session named "NAME (changed elsewhere)";</li>
 * <li>a session one side deleted and the other changed is kept, with the change;</li>
 * <li>a Default Setting, preference or unknown field both changed differently keeps this window's
 *     value; the caller keeps a copy of the other file (see {@link SessionStore#save}).</li>
 * </ul>
 * Every such case is listed in {@link Result#conflicts()}. Pure function; any thread.
 */
public final class CatalogMerge {
    static final String CHANGED_ELSEWHERE = " (changed elsewhere)";

    private CatalogMerge() {
    }

    /**
     * The merged catalog, and one sentence for each place where both sides had changed the same thing.
     *
     * @param catalog the merged catalog
     * @param conflicts what both sides changed, and what was kept; empty when the changes did not overlap
     */
    public record Result(Catalog catalog, List<String> conflicts) {
        public Result {
            conflicts = List.copyOf(conflicts);
        }
    }

    public static Result merge(Catalog base, Catalog ours, Catalog theirs) {
        List<String> conflicts = new ArrayList<>();
        DefaultSettings defaults = mergeDefaults(base.defaults(), ours.defaults(), theirs.defaults(), conflicts);
        Map<String, String> preferences = mergeMaps(base.preferences(), ours.preferences(), theirs.preferences(),
                "Preference", conflicts);
        Map<String, Object> extra = mergeMaps(base.extra(), ours.extra(), theirs.extra(), "Field", conflicts);
        List<SessionProfile> sessions = mergeSessions(base, ours, theirs, conflicts);
        return new Result(new Catalog(defaults, sessions, preferences, extra), conflicts);
    }

    /** One value's three-way outcome; {@code null} stands for "absent". */
    private record Pick<V>(V value, boolean conflict) {
    }

    private static <V> Pick<V> pick(V base, V ours, V theirs) {
        if (Objects.equals(ours, theirs) || Objects.equals(base, theirs)) {
            return new Pick<>(ours, false);
        }
        if (Objects.equals(base, ours)) {
            return new Pick<>(theirs, false);
        }
        return new Pick<>(ours, true);
    }

    private static DefaultSettings mergeDefaults(DefaultSettings base, DefaultSettings ours, DefaultSettings theirs,
                                                 List<String> conflicts) {
        SettingValues values = SettingValues.empty();
        for (Setting<?> setting : Settings.ALL) {
            values = mergeSetting(setting, base.values(), ours.values(), theirs.values(), values, conflicts,
                    "Default Settings");
        }
        Map<String, Object> unknown = mergeMaps(base.unknownSettings(), ours.unknownSettings(),
                theirs.unknownSettings(), "Default Settings field", conflicts);
        return new DefaultSettings(values, unknown);
    }

    private static <T> SettingValues mergeSetting(Setting<T> setting, SettingValues base, SettingValues ours,
                                                  SettingValues theirs, SettingValues into, List<String> conflicts,
                                                  String where) {
        T oursValue = ours.get(setting).orElse(null);
        T theirsValue = theirs.get(setting).orElse(null);
        Pick<T> pick = pick(base.get(setting).orElse(null), oursValue, theirsValue);
        if (pick.conflict()) {
            conflicts.add(where + ", " + setting.label() + ": kept " + shown(setting, oursValue)
                    + " from this window; elsewhere it was changed to " + shown(setting, theirsValue) + ".");
        }
        return pick.value() == null ? into : into.with(setting, pick.value());
    }

    private static <T> String shown(Setting<T> setting, T value) {
        return value == null ? "the inherited value" : "'" + setting.format(value) + "'";
    }

    private static <V> Map<String, V> mergeMaps(Map<String, V> base, Map<String, V> ours, Map<String, V> theirs,
                                                String what, List<String> conflicts) {
        Set<String> keys = new LinkedHashSet<>(ours.keySet());
        keys.addAll(theirs.keySet());
        keys.addAll(base.keySet());
        Map<String, V> merged = new LinkedHashMap<>();
        for (String key : keys) {
            Pick<V> pick = pick(base.get(key), ours.get(key), theirs.get(key));
            if (pick.conflict()) {
                conflicts.add(what + " '" + key + "': kept this window's value; it was also changed elsewhere.");
            }
            if (pick.value() != null) {
                merged.put(key, pick.value());
            }
        }
        return merged;
    }

    private static List<SessionProfile> mergeSessions(Catalog base, Catalog ours, Catalog theirs,
                                                      List<String> conflicts) {
        Map<String, SessionProfile> baseById = byId(base);
        Map<String, SessionProfile> oursById = byId(ours);
        Map<String, SessionProfile> theirsById = byId(theirs);
        List<SessionProfile> merged = new ArrayList<>();
        for (String id : order(ours, theirs)) {
            SessionProfile b = baseById.get(id);
            SessionProfile o = oursById.get(id);
            SessionProfile t = theirsById.get(id);
            Pick<SessionProfile> pick = pick(b, o, t);
            if (!pick.conflict()) {
                if (pick.value() != null) {
                    merged.add(pick.value());
                }
            } else if (o == null) {
                conflicts.add("Session '" + t.path() + "' was deleted here but changed elsewhere; it was kept.");
                merged.add(t);
            } else if (t == null) {
                conflicts.add("Session '" + o.path() + "' was deleted elsewhere but changed here; it was kept.");
                merged.add(o);
            } else {
                SessionProfile fields = b == null ? null : mergeProfile(b, o, t);
                if (fields != null) {
                    merged.add(fields);
                } else {
                    merged.add(o);
                    SessionProfile copy = t.duplicate(fitted(t.name()));
                    merged.add(copy);
                    conflicts.add("Session '" + o.path() + "' was changed both here and elsewhere; this window's"
                            + " version was kept, and the other one was added beside it as a copy.");
                }
            }
        }
        Set<String> fromOurs = new HashSet<>(); // ids whose merged name is this window's name
        for (SessionProfile session : merged) {
            SessionProfile o = oursById.get(session.id());
            if (o != null && o.name().equals(session.name())) {
                fromOurs.add(session.id());
            }
        }
        return uniqueNames(merged, fromOurs, conflicts);
    }

    /**
     * Ours in its order; a session only theirs has goes right after the one before it in theirs (the first
     * of theirs at the start). Linear: each session of theirs has one predecessor there, so what goes after
     * an id is at most one chain of new ones.
     */
    private static List<String> order(Catalog ours, Catalog theirs) {
        Set<String> inOurs = new HashSet<>();
        ours.sessions().forEach(s -> inOurs.add(s.id()));
        Map<String, String> insertedAfter = new HashMap<>(); // id (null: the start) -> the new id right after it
        String previous = null;
        for (SessionProfile session : theirs.sessions()) {
            if (!inOurs.contains(session.id())) {
                insertedAfter.put(previous, session.id());
            }
            previous = session.id();
        }
        List<String> order = new ArrayList<>(ours.sessions().size() + insertedAfter.size());
        Set<String> placed = new HashSet<>();
        appendChain(null, insertedAfter, order, placed);
        for (SessionProfile session : ours.sessions()) {
            if (placed.add(session.id())) {
                order.add(session.id());
                appendChain(session.id(), insertedAfter, order, placed);
            }
        }
        return order;
    }

    private static void appendChain(String after, Map<String, String> insertedAfter, List<String> order,
                                    Set<String> placed) {
        for (String next = insertedAfter.get(after); next != null && placed.add(next); next = insertedAfter.get(next)) {
            order.add(next);
        }
    }

    /** The profile with each field taken from the side that changed it; {@code null} if both changed one. */
    private static SessionProfile mergeProfile(SessionProfile base, SessionProfile ours, SessionProfile theirs) {
        List<String> clashes = new ArrayList<>();
        Pick<String> name = pick(base.name(), ours.name(), theirs.name());
        Pick<String> folder = pick(base.folder(), ours.folder(), theirs.folder());
        SettingValues overrides = SettingValues.empty();
        for (Setting<?> setting : Settings.ALL) {
            overrides = mergeSetting(setting, base.overrides(), ours.overrides(), theirs.overrides(), overrides,
                    clashes, "");
        }
        Map<String, Object> unknown = mergeMaps(base.unknownSettings(), ours.unknownSettings(),
                theirs.unknownSettings(), "", clashes);
        Map<String, Object> extra = mergeMaps(base.extra(), ours.extra(), theirs.extra(), "", clashes);
        if (name.conflict() || folder.conflict() || !clashes.isEmpty()) {
            return null;
        }
        return new SessionProfile(ours.id(), name.value(), folder.value(), overrides, unknown, extra);
    }

    /**
     * Names stay unique ignoring case: sessions that kept this window's name keep it; another session
     * that would now share a name is renamed "NAME (changed elsewhere)".
     */
    private static List<SessionProfile> uniqueNames(List<SessionProfile> merged, Set<String> fromOurs,
                                                    List<String> conflicts) {
        Set<String> taken = new HashSet<>();
        for (SessionProfile session : merged) {
            if (fromOurs.contains(session.id())) {
                taken.add(session.name().toLowerCase(Locale.ROOT));
            }
        }
        List<SessionProfile> result = new ArrayList<>();
        for (SessionProfile session : merged) {
            if (fromOurs.contains(session.id())) {
                result.add(session);
                continue;
            }
            String name = session.name();
            if (taken.contains(name.toLowerCase(Locale.ROOT))) {
                name = SessionNames.unique(fitted(name), n -> taken.contains(n.toLowerCase(Locale.ROOT)));
                conflicts.add("Session '" + session.name() + "' from elsewhere was renamed '" + name
                        + "', as this window has a session of that name.");
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            result.add(name.equals(session.name()) ? session : session.withName(name));
        }
        return result;
    }

    /** {@code name (changed elsewhere)}, shortened so that it and a " (99)" stay within the name rule. */
    private static String fitted(String name) {
        String base = name.endsWith(CHANGED_ELSEWHERE) ? name.substring(0, name.length() - CHANGED_ELSEWHERE.length())
                : name;
        int room = 100 - CHANGED_ELSEWHERE.length() - 5;
        return (base.length() > room ? base.substring(0, room).strip() : base) + CHANGED_ELSEWHERE;
    }

    private static Map<String, SessionProfile> byId(Catalog catalog) {
        Map<String, SessionProfile> map = new HashMap<>();
        catalog.sessions().forEach(s -> map.put(s.id(), s));
        return map;
    }
}
