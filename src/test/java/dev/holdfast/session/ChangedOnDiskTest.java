package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers on one settings file, on the real file system: a save never drops a change it did not make. */
class ChangedOnDiskTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T14:03:20Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SessionStore.FILE_NAME);
    }

    private static List<String> names(Catalog catalog) {
        return catalog.sessions().stream().map(SessionProfile::name).toList();
    }

    private SessionLibrary open(List<Catalog> seen) {
        SessionStore store = new SessionStore(dir, FIXED);
        SessionStore.LoadResult loaded = store.load();
        assertTrue(loaded.problem().isEmpty(), () -> loaded.problem().toString());
        SessionLibrary library = new SessionLibrary(store, loaded.catalog());
        library.addListener(seen::add);
        return library;
    }

    @Test
    void aCopyMadeInTheFirstWindowSurvivesTheSecondWindowsSave() throws Exception {
        SessionProfile existing = SessionProfile.create("existing")
                .withOverrides(SettingValues.empty().with(Settings.HOST, "web.example.com"));
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(existing)));

        List<Catalog> seenByA = new CopyOnWriteArrayList<>();
        List<Catalog> seenByB = new CopyOnWriteArrayList<>();
        SessionLibrary a = open(seenByA);
        SessionLibrary b = open(seenByB);

        assertEquals("existing (copy)", a.duplicate(existing.id()).orElseThrow().name());
        a.close();
        assertEquals(List.of("existing", "existing (copy)"), names(new SessionStore(dir).peek().orElseThrow()));

        b.setPreference("theme", "dark"); // the second window's quit saves its window state this way
        b.close();

        Catalog onDisk = new SessionStore(dir).peek().orElseThrow();
        assertEquals(List.of("existing", "existing (copy)"), names(onDisk), "the copy survives");
        assertEquals("dark", onDisk.preferences().get("theme"));
        assertEquals(List.of("existing", "existing (copy)"), names(b.catalog()), "B now shows A's copy");
        assertEquals(names(b.catalog()), names(seenByB.get(seenByB.size() - 1)), "B's listeners were told");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file()), files.toList(), "no conflict: no copy of the other version");
        }
    }

    @Test
    void anEditBothWindowsMadeKeepsBothVersions() throws Exception {
        SessionProfile web = SessionProfile.create("web");
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(web)));
        SessionLibrary a = open(new CopyOnWriteArrayList<>());
        SessionLibrary b = open(new CopyOnWriteArrayList<>());
        List<String> noticesA = new CopyOnWriteArrayList<>();
        List<String> noticesB = new CopyOnWriteArrayList<>();
        a.addMergeNoticeListener(noticesA::add);
        b.addMergeNoticeListener(noticesB::add);
        a.put(web.withOverrides(SettingValues.empty().with(Settings.PORT, 2201)));
        a.close();
        b.put(web.withOverrides(SettingValues.empty().with(Settings.PORT, 2202)));
        b.close();
        assertEquals(List.of(), noticesA);
        assertEquals(1, noticesB.size());
        assertTrue(noticesB.get(0).contains("Session 'web' was changed both here and elsewhere"), noticesB.get(0));
        assertTrue(noticesB.get(0).endsWith("kept as " + dir.resolve("sessions.json.changed-elsewhere-20261123-140320")
                + "."), noticesB.get(0));

        Catalog onDisk = new SessionStore(dir).peek().orElseThrow();
        assertEquals(List.of("web", "web (changed elsewhere)"), names(onDisk));
        assertEquals(2202, onDisk.effective(onDisk.byName("web").orElseThrow()).get(Settings.PORT));
        assertEquals(2201, onDisk.effective(onDisk.byName("web (changed elsewhere)").orElseThrow()).get(Settings.PORT));
        Path copy = dir.resolve("sessions.json.changed-elsewhere-20261123-140320");
        assertEquals(List.of("web"), names(SessionStore.readBackup(copy)), "the other file is kept as it was");
        assertEquals(2201, SessionStore.readBackup(copy).sessions().get(0).overrides().get(Settings.PORT).orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aFileReplacedByGarbageIsNotWrittenOverAndTheSaveSaysSo() throws Exception {
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web"))));
        SessionLibrary library = open(new CopyOnWriteArrayList<>());
        List<String> failures = new CopyOnWriteArrayList<>();
        library.addSaveFailureListener(e -> failures.add(e.getMessage()));
        Files.writeString(file(), "{ half a file");

        library.put(SessionProfile.create("db"));
        library.flush(WAIT);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("Not saving: " + file() + " was changed by another program and can no"
                + " longer be read because it is not valid JSON"), failures.get(0));
        assertEquals("{ half a file", Files.readString(file()), "not written over");
        assertEquals(List.of("web", "db"), names(library.catalog()), "the change stays in memory");

        Files.delete(file()); // the user removes the broken file: the next change is saved again
        library.setPreference("theme", "light");
        library.close();
        assertEquals(List.of("web", "db"), names(new SessionStore(dir).peek().orElseThrow()));
    }

    @Test
    void aFileReplacedByAPipeIsNotWrittenOver() throws Exception {
        new SessionStore(dir).save(Catalog.empty());
        SessionStore store = new SessionStore(dir, FIXED);
        store.load();
        Files.delete(file());
        Process mkfifo = new ProcessBuilder("mkfifo", file().toString()).inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        IOException refused = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> store.save(Catalog.empty())));
        assertTrue(refused.getMessage().contains("not a regular file"), refused.getMessage());
        assertTrue(Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).isOther());
    }

    @Test
    void aFileDeletedOnDiskIsWrittenAgainWithThisWindowsSessions() throws Exception {
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web"))));
        SessionLibrary library = open(new CopyOnWriteArrayList<>());
        Files.delete(file());
        library.put(SessionProfile.create("db"));
        library.close();
        assertEquals(List.of("web", "db"), names(new SessionStore(dir).peek().orElseThrow()),
                "deleting the file is not taken as deleting every session");
    }

    @Test
    void aFileChangedElsewhereThatNeedsRepairsIsCopiedBeforeMerging() throws Exception {
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web"))));
        SessionLibrary library = open(new CopyOnWriteArrayList<>());
        Catalog before = new SessionStore(dir).peek().orElseThrow();
        String id = before.sessions().get(0).id();
        String edited = "{\"sessions\": [{\"id\": \"" + id + "\", \"name\": \"web\"}, {\"id\": \"x\", \"name\": \"api\","
                + " \"settings\": {\"port\": 99999}}]}";
        Files.writeString(file(), edited);
        library.put(SessionProfile.create("db"));
        library.close();
        assertEquals(List.of("web", "api", "db"), names(new SessionStore(dir).peek().orElseThrow()));
        Path copy = dir.resolve("sessions.json.before-repair-20261123-140320");
        assertEquals(edited, Files.readString(copy));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aDefaultChangedInBothWindowsKeepsOursAndTheOtherFile() throws Exception {
        new SessionStore(dir).save(Catalog.empty());
        SessionLibrary a = open(new CopyOnWriteArrayList<>());
        SessionLibrary b = open(new CopyOnWriteArrayList<>());
        a.setDefaults(a.catalog().defaults().with(Settings.PORT, 2200).with(Settings.USER, "alice"));
        a.close();
        b.setDefaults(b.catalog().defaults().with(Settings.PORT, 2222));
        b.close();
        Catalog onDisk = new SessionStore(dir).peek().orElseThrow();
        assertEquals(2222, onDisk.defaults().get(Settings.PORT));
        assertEquals("alice", onDisk.defaults().get(Settings.USER), "the field only A changed is A's");
        Catalog other = SessionStore.readBackup(dir.resolve("sessions.json.changed-elsewhere-20261123-140320"));
        assertEquals(2200, other.defaults().get(Settings.PORT));
    }

    @Test
    void anEditElsewhereThatKeepsTheFilesLengthIsStillSeen() throws Exception {
        SessionProfile web = SessionProfile.create("web")
                .withOverrides(SettingValues.empty().with(Settings.HOST, "web1.example.com"));
        new SessionStore(dir).save(Catalog.empty().withSessions(List.of(web)));
        SessionLibrary library = open(new CopyOnWriteArrayList<>());
        String text = Files.readString(file());
        String edited = text.replace("web1.example.com", "web2.example.com");
        assertEquals(text.length(), edited.length());
        Files.writeString(file(), edited); // one byte changed, in place of another
        library.put(SessionProfile.create("db"));
        library.close();
        Catalog onDisk = new SessionStore(dir).peek().orElseThrow();
        assertEquals(List.of("web", "db"), names(onDisk));
        assertEquals(java.util.Optional.of("web2.example.com"), onDisk.sessions().get(0).overrides().get(Settings.HOST),
                "the other program's edit is kept");
    }

    @Test
    void savingTwiceWithoutChangesElsewhereMergesNothing() throws Exception {
        SessionStore store = new SessionStore(dir, FIXED);
        store.load();
        Catalog first = Catalog.empty().withSessions(List.of(SessionProfile.create("web")));
        assertEquals(first, store.save(first));
        Catalog second = Catalog.empty();
        assertEquals(second, store.save(second), "our own delete is not undone by our own earlier write");
        assertEquals(List.of(), names(new SessionStore(dir).peek().orElseThrow()));
    }
}
