package dev.holdfast.session;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The session list's filter: every word must appear in the name, folder, host or user. Any thread. */
public final class SessionFilter {
    private final String text;
    private final String[] words;

    public SessionFilter(String query) {
        this.text = query.strip().toLowerCase(Locale.ROOT);
        this.words = text.isEmpty() ? new String[0] : text.split("\\s+");
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    public boolean matches(EffectiveSettings session) {
        return words.length == 0 || matchesText(searchText(session.profile(), session.defaults()));
    }

    /**
     * Whether every session this filter matches is also matched by {@code wider}: true when this query
     * is {@code wider}'s with more typed at its end, as when the user types one more letter. Then only
     * {@code wider}'s matches need to be looked at.
     */
    public boolean narrows(SessionFilter wider) {
        return text.startsWith(wider.text);
    }

    /** Whether both filters are the same query (ignoring case and the spaces around it). */
    public boolean sameQuery(SessionFilter other) {
        return text.equals(other.text);
    }

    private boolean matchesText(String haystack) {
        for (String word : words) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** What the words are looked for in: name, folder, host and user, lower case. */
    private static String searchText(SessionProfile profile, DefaultSettings defaults) {
        String host = profile.overrides().get(Settings.HOST).orElseGet(() -> defaults.get(Settings.HOST));
        String user = profile.overrides().get(Settings.USER).orElseGet(() -> defaults.get(Settings.USER));
        return String.join("\n", profile.name(), profile.folder(), host, user).toLowerCase(Locale.ROOT);
    }

    /**
     * A catalog's sessions in the session list's order (folder, then name, ignoring case; the user's order
     * among equals) with the text each is filtered on, made once per catalog so that a keystroke only
     * compares strings. Immutable; any thread.
     */
    public static final class Index {
        /** At most this many sessions changed in place are followed without sorting again. */
        private static final int MAX_CHANGED_IN_PLACE = 64;

        private final Catalog catalog;
        private final SessionProfile[] sorted;
        private final String[] texts;
        private final int[] positionOf; // the catalog's order -> the list's order
        private final int[] changed; // positions whose session differs from the index this one was made from

        private Index(Catalog catalog, SessionProfile[] sorted, String[] texts, int[] positionOf, int[] changed) {
            this.catalog = catalog;
            this.sorted = sorted;
            this.texts = texts;
            this.positionOf = positionOf;
            this.changed = changed;
        }

        /** The catalog's index: made once per catalog, on whichever thread asks first (see {@link Catalog#prepare}). */
        public static Index of(Catalog catalog) {
            return catalog.listIndex();
        }

        static Index sort(Catalog catalog) {
            int n = catalog.sessions().size();
            SortKey[] keys = new SortKey[n];
            for (int i = 0; i < n; i++) {
                SessionProfile profile = catalog.sessions().get(i);
                keys[i] = new SortKey(profile.folder().toLowerCase(Locale.ROOT), profile.name().toLowerCase(Locale.ROOT), i);
            }
            // stable: sessions with equal keys keep the catalog's order
            Arrays.sort(keys, SortKey.ORDER);
            SessionProfile[] sorted = new SessionProfile[n];
            String[] texts = new String[n];
            int[] positionOf = new int[n];
            for (int i = 0; i < n; i++) {
                int at = keys[i].at();
                sorted[i] = catalog.sessions().get(at);
                texts[i] = searchText(sorted[i], catalog.defaults());
                positionOf[at] = i;
            }
            return new Index(catalog, sorted, texts, positionOf, null);
        }

        /**
         * A session's place in list order: folder, then name, each lower-cased, compared in one step rather
         * than through a composed comparator over boxed positions (the index of 10,000 sessions in a fresh
         * JVM: about 29 instead of 32 ms of CPU).
         */
        private record SortKey(String folder, String name, int at) {
            static final Comparator<SortKey> ORDER = (a, b) -> {
                int byFolder = a.folder.compareTo(b.folder);
                return byFolder != 0 ? byFolder : a.name.compareTo(b.name);
            };
        }

        /**
         * The index of {@code catalog}, made from {@code previous} without sorting again when the catalog
         * is {@code previous}'s with a few sessions changed in place, each keeping its name and folder (an
         * edit of its settings, as a save of one change is): then {@link #changed()} says which positions
         * changed. Otherwise as {@link #of(Catalog)}.
         */
        @SuppressWarnings("ReferenceEquality") // a session that is the same object is unchanged; equals would cost a compare
        public static Index of(Catalog catalog, Index previous) {
            List<SessionProfile> now = catalog.sessions();
            if (previous == null || previous.sorted.length != now.size()
                    || !previous.catalog.defaults().equals(catalog.defaults())) {
                return of(catalog);
            }
            List<SessionProfile> before = previous.catalog.sessions();
            int[] changedAt = new int[MAX_CHANGED_IN_PLACE];
            int count = 0;
            for (int i = 0; i < now.size(); i++) {
                SessionProfile was = before.get(i);
                SessionProfile is = now.get(i);
                if (was == is) {
                    continue;
                }
                if (count == MAX_CHANGED_IN_PLACE || !was.id().equals(is.id()) || !was.name().equals(is.name())
                        || !was.folder().equals(is.folder())) {
                    return of(catalog);
                }
                changedAt[count++] = i;
            }
            SessionProfile[] sorted = previous.sorted.clone();
            String[] texts = previous.texts.clone();
            int[] changed = new int[count];
            for (int k = 0; k < count; k++) {
                int position = previous.positionOf[changedAt[k]];
                sorted[position] = now.get(changedAt[k]);
                texts[position] = searchText(sorted[position], catalog.defaults());
                changed[k] = position;
            }
            Arrays.sort(changed);
            return new Index(catalog, sorted, texts, previous.positionOf, changed);
        }

        /**
         * The positions whose session changed in place since the index this one was made from (ascending),
         * every other session being the same object at the same position; empty when this index was sorted
         * from scratch.
         */
        public java.util.Optional<int[]> changed() {
            return changed == null ? java.util.Optional.empty() : java.util.Optional.of(changed.clone());
        }

        /** Whether the session at {@code position} matches the filter. */
        public boolean matches(SessionFilter filter, int position) {
            return filter.isEmpty() || filter.matchesText(texts[position]);
        }

        public Catalog catalog() {
            return catalog;
        }

        /** Whether this index was made of this very catalog (not merely an equal one: that costs a full compare). */
        @SuppressWarnings("ReferenceEquality")
        public boolean isOf(Catalog other) {
            return catalog == other;
        }

        public int size() {
            return sorted.length;
        }

        /** The session at {@code position} in the list's order. */
        public SessionProfile get(int position) {
            return sorted[position];
        }

        /**
         * The positions of the sessions the filter matches, in order.
         *
         * @param within positions to look at (ascending), as returned for a wider filter; {@code null} for all
         */
        public int[] matching(SessionFilter filter, int[] within) {
            int count = within == null ? sorted.length : within.length;
            if (filter.isEmpty()) {
                return within == null ? all() : within.clone();
            }
            int[] found = new int[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int position = within == null ? k : within[k];
                if (filter.matchesText(texts[position])) {
                    found[n++] = position;
                }
            }
            return Arrays.copyOf(found, n);
        }

        private int[] all() {
            int[] positions = new int[sorted.length];
            Arrays.setAll(positions, i -> i);
            return positions;
        }
    }
}
