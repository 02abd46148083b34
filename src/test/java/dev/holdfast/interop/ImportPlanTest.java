package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportPlanTest {
    private final Catalog saved = Catalog.empty().withSessions(List.of(SessionProfile.create("web")
            .withOverrides(SettingValues.empty().with(Settings.HOST, "old.example.com"))));
    private final ImportResult found = new ImportResult(List.of(
            new ImportedSession("web", "", SettingValues.empty().with(Settings.HOST, "new.example.com"), List.of()),
            new ImportedSession("db", "", SettingValues.empty().with(Settings.HOST, "db.example.com"), List.of()),
            new ImportedSession("cache", "", SettingValues.empty().with(Settings.HOST, "c.example.com"), List.of())),
            SettingValues.empty().with(Settings.KEEPALIVE_INTERVAL, 20), List.of());

    private List<String> names(Catalog catalog) {
        return catalog.sessions().stream().map(SessionProfile::name).toList();
    }

    @Test
    void onlyCheckedSessionsComeAndConflictsAreSkippedUnlessChosen() {
        Catalog next = new ImportPlan(Set.of("web", "db"), Map.of(), false).apply(saved, found);
        assertEquals(List.of("web", "db"), names(next));
        assertEquals(Optional.of("old.example.com"), next.byName("web").orElseThrow().overrides().get(Settings.HOST));
        assertEquals(saved.defaults(), next.defaults(), "defaults only when asked");
    }

    @Test
    void renameAndReplace() {
        Catalog renamed = new ImportPlan(Set.of("web"), Map.of("web", ImportPlan.Conflict.RENAME), false)
                .apply(saved, found);
        assertEquals(List.of("web", "web (2)"), names(renamed));
        Catalog replaced = new ImportPlan(Set.of("web"), Map.of("web", ImportPlan.Conflict.REPLACE), false)
                .apply(saved, found);
        assertEquals(List.of("web"), names(replaced));
        assertEquals(saved.sessions().get(0).id(), replaced.sessions().get(0).id(), "the same session, new settings");
        assertEquals(Optional.of("new.example.com"), replaced.sessions().get(0).overrides().get(Settings.HOST));
    }

    @Test
    void hostStarValuesBecomeDefaultsWhenAsked() {
        Catalog next = new ImportPlan(Set.of(), Map.of(), true).apply(saved, found);
        assertEquals(20, next.defaults().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(List.of("web"), names(next));
    }
}
