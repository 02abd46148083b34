package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionFilterTest {
    private static final String[] WORDS = {"web", "db", "Prod", "staging", "eu", "us", "Cache", "api"};

    private static Catalog catalog(int count) {
        Random random = new Random(7);
        List<SessionProfile> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String folder = random.nextInt(4) == 0 ? "" : "Work/" + WORDS[random.nextInt(WORDS.length)];
            SettingValues overrides = SettingValues.empty()
                    .with(Settings.HOST, WORDS[random.nextInt(WORDS.length)].toLowerCase(Locale.ROOT) + i + ".example");
            if (random.nextBoolean()) {
                overrides = overrides.with(Settings.USER, WORDS[random.nextInt(WORDS.length)]);
            }
            sessions.add(SessionProfile.create(WORDS[random.nextInt(WORDS.length)] + "-" + i).withFolder(folder)
                    .withOverrides(overrides));
        }
        return Catalog.empty().withSessions(sessions).withDefaults(DefaultSettings.builtIn().with(Settings.USER, "ops"));
    }

    /** What the list shows, worked out the plain way: every session tested, sorted by folder then name. */
    private static List<SessionProfile> expected(Catalog catalog, String query) {
        SessionFilter filter = new SessionFilter(query);
        return catalog.sessions().stream().filter(s -> filter.matches(catalog.effective(s)))
                .sorted(Comparator.comparing((SessionProfile p) -> p.folder().toLowerCase(Locale.ROOT))
                        .thenComparing(p -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static List<SessionProfile> shown(SessionFilter.Index index, int[] positions) {
        List<SessionProfile> shown = new ArrayList<>();
        for (int position : positions) {
            shown.add(index.get(position));
        }
        return shown;
    }

    @Test
    void typingLetterByLetterLooksOnlyAtTheLastMatchesAndFindsWhatAFullSearchFinds() {
        Catalog catalog = catalog(2_000);
        SessionFilter.Index index = SessionFilter.Index.of(catalog);
        String query = "  Work/Prod WEB 1";
        SessionFilter previous = new SessionFilter("");
        int[] positions = index.matching(previous, null);
        for (int end = 1; end <= query.length(); end++) {
            SessionFilter next = new SessionFilter(query.substring(0, end));
            assertTrue(next.narrows(previous), query.substring(0, end));
            positions = index.matching(next, positions);
            assertEquals(expected(catalog, query.substring(0, end)), shown(index, positions), query.substring(0, end));
            assertArrayEquals(index.matching(next, null), positions);
            previous = next;
        }
        assertFalse(new SessionFilter("web").narrows(new SessionFilter("web 1")), "a deleted letter widens");
        assertFalse(new SessionFilter("wb").narrows(new SessionFilter("web")));
    }

    @Test
    void aUserFromTheDefaultsIsSearchedToo() {
        Catalog catalog = catalog(200);
        SessionFilter.Index index = SessionFilter.Index.of(catalog);
        List<SessionProfile> ops = shown(index, index.matching(new SessionFilter("ops"), null));
        assertFalse(ops.isEmpty());
        assertEquals(expected(catalog, "ops"), ops);
    }

    @Test
    void aSessionChangedInPlaceIsFollowedWithoutSortingAgainAndARenameSortsAgain() {
        Catalog catalog = catalog(500);
        SessionFilter.Index index = SessionFilter.Index.of(catalog);
        SessionProfile edited = catalog.sessions().get(123);
        SessionProfile changed = edited.withOverrides(edited.overrides().with(Settings.HOST, "zzz-unique.example"));
        Catalog next = catalog.withSessions(catalog.sessions().stream().map(s -> s.id().equals(edited.id()) ? changed : s).toList());

        SessionFilter.Index followed = SessionFilter.Index.of(next, index);
        int[] changedAt = followed.changed().orElseThrow();
        assertEquals(1, changedAt.length);
        assertEquals(changed, followed.get(changedAt[0]));
        assertEquals(List.of(changed), shown(followed, followed.matching(new SessionFilter("zzz-unique"), null)));
        assertEquals(expected(next, "web"), shown(followed, followed.matching(new SessionFilter("web"), null)));
        assertTrue(followed.isOf(next));

        SessionProfile renamed = edited.withName("aaa-first");
        Catalog afterRename = catalog.withSessions(catalog.sessions().stream().map(s -> s.id().equals(edited.id()) ? renamed : s)
                .toList());
        SessionFilter.Index sorted = SessionFilter.Index.of(afterRename, index);
        assertEquals(Optional.empty(), sorted.changed(), "its place changed: sorted again");
        assertEquals(expected(afterRename, ""), shown(sorted, sorted.matching(new SessionFilter(""), null)));

        Catalog newDefaults = catalog.withDefaults(DefaultSettings.builtIn().with(Settings.USER, "newuser"));
        SessionFilter.Index again = SessionFilter.Index.of(newDefaults, index);
        assertEquals(expected(newDefaults, "newuser"), shown(again, again.matching(new SessionFilter("newuser"), null)));
    }

    @Test
    void theCatalogFindsSessionsByIdAndByNameIgnoringCaseAndListsItsFolders() {
        Catalog catalog = catalog(300);
        SessionProfile some = catalog.sessions().get(42);
        assertEquals(Optional.of(some), catalog.byId(some.id()));
        assertEquals(Optional.of(some), catalog.byName(some.name().toUpperCase(Locale.ROOT)));
        assertEquals(Optional.empty(), catalog.byName("no such session"));
        assertEquals(Optional.empty(), catalog.byId("no such id"));
        assertEquals(catalog.sessions().stream().map(SessionProfile::folder).filter(f -> !f.isEmpty()).distinct()
                .sorted().toList(), catalog.folders());
    }
}
