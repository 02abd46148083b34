package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogMergeTest {
    private final SessionProfile web = SessionProfile.create("web")
            .withOverrides(SettingValues.empty().with(Settings.HOST, "web.example.com"));
    private final SessionProfile db = SessionProfile.create("db")
            .withOverrides(SettingValues.empty().with(Settings.HOST, "db.example.com"));
    private final Catalog base = Catalog.empty().withSessions(List.of(web, db)).withPreference("theme", "dark");

    private static Catalog with(Catalog catalog, SessionProfile... more) {
        List<SessionProfile> sessions = new ArrayList<>(catalog.sessions());
        sessions.addAll(List.of(more));
        return catalog.withSessions(sessions);
    }

    private static Catalog without(Catalog catalog, SessionProfile gone) {
        return catalog.withSessions(catalog.sessions().stream().filter(s -> !s.id().equals(gone.id())).toList());
    }

    private static Catalog replaced(Catalog catalog, SessionProfile changed) {
        return catalog.withSessions(catalog.sessions().stream()
                .map(s -> s.id().equals(changed.id()) ? changed : s).toList());
    }

    private static List<String> names(Catalog catalog) {
        return catalog.sessions().stream().map(SessionProfile::name).toList();
    }

    @Test
    void nothingChangedElsewhereKeepsOurs() {
        Catalog ours = with(base, SessionProfile.create("new"));
        CatalogMerge.Result result = CatalogMerge.merge(base, ours, base);
        assertEquals(ours, result.catalog());
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void sessionsAddedOnBothSidesAreAllKept() {
        SessionProfile mine = SessionProfile.create("mine");
        SessionProfile theirs = SessionProfile.create("theirs");
        CatalogMerge.Result result = CatalogMerge.merge(base, with(base, mine), with(base, theirs));
        // theirs' addition goes right after db, the session before it there
        assertEquals(List.of("web", "db", "theirs", "mine"), names(result.catalog()));
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void runsOfSessionsAddedElsewhereKeepTheirPlacesAmongOurs() {
        SessionProfile first = SessionProfile.create("first");
        SessionProfile second = SessionProfile.create("second");
        SessionProfile a = SessionProfile.create("a");
        SessionProfile b = SessionProfile.create("b");
        SessionProfile c = SessionProfile.create("c");
        SessionProfile last = SessionProfile.create("last");
        SessionProfile mine = SessionProfile.create("mine");
        // elsewhere: two at the start, three after web, one at the end; here: one added at the end
        Catalog theirs = base.withSessions(List.of(first, second, web, a, b, c, db, last));
        CatalogMerge.Result result = CatalogMerge.merge(base, with(base, mine), theirs);
        assertEquals(List.of("first", "second", "web", "a", "b", "c", "db", "last", "mine"), names(result.catalog()));
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void tenThousandSessionsAddedElsewhereMergeInOrder() {
        List<SessionProfile> theirs = new ArrayList<>(List.of(web));
        for (int i = 0; i < 10_000; i++) {
            theirs.add(SessionProfile.create("added-" + i));
        }
        theirs.add(db);
        CatalogMerge.Result result = CatalogMerge.merge(base, base, base.withSessions(theirs));
        assertEquals(theirs, result.catalog().sessions());
    }

    @Test
    void aDuplicateMadeElsewhereSurvivesOurUnrelatedChange() {
        SessionProfile copy = web.duplicate("web (copy)");
        Catalog theirs = base.withSessions(List.of(web, copy, db));
        Catalog ours = replaced(base, db.withFolder("Work"));
        Catalog merged = CatalogMerge.merge(base, ours, theirs).catalog();
        assertEquals(List.of("web", "web (copy)", "db"), names(merged));
        assertEquals("Work", merged.byName("db").orElseThrow().folder());
    }

    @Test
    void aSessionDeletedOnOneSideAndUntouchedOnTheOtherIsDeleted() {
        assertEquals(List.of("db"), names(CatalogMerge.merge(base, without(base, web), base).catalog()));
        assertEquals(List.of("db"), names(CatalogMerge.merge(base, base, without(base, web)).catalog()));
    }

    @Test
    void addedHereWhileDeletedThereKeepsBoth() {
        SessionProfile mine = SessionProfile.create("mine");
        CatalogMerge.Result result = CatalogMerge.merge(base, with(base, mine), without(base, db));
        assertEquals(List.of("web", "mine"), names(result.catalog()));
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void aChangeWinsOverADeleteOnEitherSide() {
        SessionProfile edited = web.withFolder("Edited");
        CatalogMerge.Result theirsEdited = CatalogMerge.merge(base, without(base, web), replaced(base, edited));
        assertEquals(Optional.of(edited), theirsEdited.catalog().byId(web.id()));
        assertEquals(1, theirsEdited.conflicts().size());
        CatalogMerge.Result oursEdited = CatalogMerge.merge(base, replaced(base, edited), without(base, web));
        assertEquals(Optional.of(edited), oursEdited.catalog().byId(web.id()));
        assertTrue(oursEdited.conflicts().get(0).contains("deleted elsewhere"), oursEdited.conflicts().toString());
    }

    @Test
    void aRenameOnOneSideAndASettingOnTheOtherAreBothKept() {
        Catalog ours = replaced(base, web.withName("frontend"));
        Catalog theirs = replaced(base, web.withOverrides(web.overrides().with(Settings.PORT, 2222)));
        CatalogMerge.Result result = CatalogMerge.merge(base, ours, theirs);
        SessionProfile merged = result.catalog().byId(web.id()).orElseThrow();
        assertEquals("frontend", merged.name());
        assertEquals(Optional.of(2222), merged.overrides().get(Settings.PORT));
        assertEquals(Optional.of("web.example.com"), merged.overrides().get(Settings.HOST));
        assertEquals(List.of(), result.conflicts());
        assertEquals(List.of("frontend", "db"), names(result.catalog()));
    }

    @Test
    void anEditEditConflictKeepsOursAndAddsTheirsAsACopy() {
        SessionProfile mine = web.withOverrides(web.overrides().with(Settings.PORT, 2201));
        SessionProfile theirs = web.withOverrides(web.overrides().with(Settings.PORT, 2202));
        CatalogMerge.Result result = CatalogMerge.merge(base, replaced(base, mine), replaced(base, theirs));
        assertEquals(List.of("web", "web (changed elsewhere)", "db"), names(result.catalog()));
        assertEquals(Optional.of(mine), result.catalog().byId(web.id()));
        SessionProfile copy = result.catalog().byName("web (changed elsewhere)").orElseThrow();
        assertEquals(theirs.overrides(), copy.overrides());
        assertTrue(!copy.id().equals(web.id()), "the copy has its own id");
        assertEquals(1, result.conflicts().size());
        assertTrue(result.conflicts().get(0).contains("'web' was changed both here and elsewhere"),
                result.conflicts().toString());
    }

    @Test
    void anInheritedValueAgainstAnOverrideIsAConflictToo() {
        SessionProfile mine = web.withOverrides(SettingValues.empty()); // back to inheriting the host
        SessionProfile theirs = web.withOverrides(SettingValues.empty().with(Settings.HOST, "other.example.com"));
        CatalogMerge.Result result = CatalogMerge.merge(base, replaced(base, mine), replaced(base, theirs));
        assertEquals(3, result.catalog().sessions().size());
        assertEquals(Optional.of(mine), result.catalog().byId(web.id()));
    }

    @Test
    void renamesToTheSameNameOnBothSidesAgree() {
        Catalog renamed = replaced(base, web.withName("frontend"));
        CatalogMerge.Result result = CatalogMerge.merge(base, renamed, renamed);
        assertEquals(renamed, result.catalog());
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void aSessionAddedElsewhereUnderANameWeTookMeanwhileIsRenamed() {
        SessionProfile mine = SessionProfile.create("api");
        SessionProfile theirs = SessionProfile.create("API");
        CatalogMerge.Result result = CatalogMerge.merge(base, with(base, mine), with(base, theirs));
        assertEquals(List.of("web", "db", "API (changed elsewhere)", "api"), names(result.catalog()));
        assertEquals(1, result.conflicts().size());
    }

    @Test
    void aVeryLongNameStaysWithinTheNameRuleWhenCopied() {
        String longName = "x".repeat(100);
        SessionProfile named = web.withName(longName);
        Catalog start = replaced(base, named);
        SessionProfile mine = named.withFolder("A");
        SessionProfile theirs = named.withFolder("B");
        Catalog merged = CatalogMerge.merge(start, replaced(start, mine), replaced(start, theirs)).catalog();
        for (SessionProfile session : merged.sessions()) {
            assertEquals(Optional.empty(), FieldRules.sessionName(session.name()), session.name());
        }
        assertEquals(3, merged.sessions().size());
    }

    @Test
    void defaultsMergeFieldByField() {
        Catalog ours = base.withDefaults(base.defaults().with(Settings.PORT, 2222));
        Catalog theirs = base.withDefaults(base.defaults().with(Settings.USER, "deploy"));
        CatalogMerge.Result result = CatalogMerge.merge(base, ours, theirs);
        assertEquals(2222, result.catalog().defaults().get(Settings.PORT));
        assertEquals("deploy", result.catalog().defaults().get(Settings.USER));
        assertEquals(List.of(), result.conflicts());
    }

    @Test
    void aDefaultChangedDifferentlyOnBothSidesKeepsOursAndSaysSo() {
        Catalog ours = base.withDefaults(base.defaults().with(Settings.PORT, 2222).with(Settings.FONT_SIZE, 16));
        Catalog theirs = base.withDefaults(base.defaults().with(Settings.PORT, 2200).with(Settings.FONT_SIZE, 16));
        CatalogMerge.Result result = CatalogMerge.merge(base, ours, theirs);
        assertEquals(2222, result.catalog().defaults().get(Settings.PORT));
        assertEquals(16, result.catalog().defaults().get(Settings.FONT_SIZE));
        assertEquals(List.of("Default Settings, Port: kept '2222' from this window; elsewhere it was changed to '2200'."),
                result.conflicts());
    }

    @Test
    void preferencesAndUnknownFieldsMergeKeyByKey() {
        Catalog ours = base.withPreference("theme", "light");
        Catalog theirs = new Catalog(base.defaults(), base.sessions(), Map.of("theme", "dark", "split", "0.3"),
                Map.of("future", List.of(1, 2)));
        CatalogMerge.Result result = CatalogMerge.merge(base, ours, theirs);
        assertEquals(Map.of("theme", "light", "split", "0.3"), result.catalog().preferences());
        assertEquals(Map.of("future", List.of(1, 2)), result.catalog().extra());
        assertEquals(List.of(), result.conflicts());

        Catalog theirsToo = base.withPreference("theme", "solarized");
        CatalogMerge.Result clash = CatalogMerge.merge(base, ours, theirsToo);
        assertEquals("light", clash.catalog().preferences().get("theme"));
        assertEquals(1, clash.conflicts().size());
    }
}
