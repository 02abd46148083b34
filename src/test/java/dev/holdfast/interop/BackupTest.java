package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    @TempDir
    Path dir;

    @Test
    void aBackupComesBackThroughTheImportPreviewIntoAnEmptyStore() throws Exception {
        Catalog saved = Catalog.empty().withSessions(List.of(
                SessionProfile.create("web").withFolder("Work/Prod").withOverrides(SettingValues.empty()
                        .with(Settings.HOST, "web.example.com").with(Settings.KEEPALIVE_INTERVAL, 30)),
                SessionProfile.create("pi").withOverrides(SettingValues.empty().with(Settings.HOST, "pi.local"))))
                .withDefaults(Catalog.empty().defaults().with(Settings.KEEPALIVE_COUNT_MAX, 5));
        Path backup = dir.resolve("backup.json");
        SessionStore.writeBackup(backup, saved);
        ImportResult result = new BackupImporter().read(backup);
        Catalog restored = new ImportPlan(Set.of("web", "pi"), Map.of(), true).apply(Catalog.empty(), result);
        assertEquals(List.of("web", "pi"), restored.sessions().stream().map(SessionProfile::name).toList());
        assertEquals("Work/Prod", restored.byName("web").orElseThrow().folder());
        assertEquals(Optional.of(30), restored.byName("web").orElseThrow().overrides().get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(5, restored.defaults().get(Settings.KEEPALIVE_COUNT_MAX));
    }

    @Test
    void somethingElseIsNamedAsNotABackup() throws Exception {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "[1, 2, 3");
        ImportException e = assertThrows(ImportException.class, () -> new BackupImporter().read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(assertThrows(ImportException.class, () -> new BackupImporter().read(dir.resolve("none.json")))
                .getMessage().endsWith("does not exist"));
    }
}
