package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings files that are not what they seem, on the real file system. */
class HostileSettingsFileTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T14:03:20Z"), ZoneOffset.UTC);
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SessionStore.FILE_NAME);
    }

    private static Catalog one(String name) {
        return Catalog.empty().withSessions(List.of(SessionProfile.create(name)));
    }

    /** Loading must refuse the file, block saving, and leave what is there as it is. */
    private LoadProblem refusedAndBlocked(SessionStore store) {
        SessionStore.LoadResult result = assertTimeoutPreemptively(BOUND, store::load);
        LoadProblem problem = result.problem().orElseThrow();
        assertEquals(LoadProblem.Kind.UNREADABLE, problem.kind());
        assertEquals(List.of(), result.catalog().sessions());
        IOException refused = assertThrows(IOException.class, () -> store.save(one("web")));
        assertTrue(refused.getMessage().startsWith("Not saving"), refused.getMessage());
        return problem;
    }

    @Test
    void aNamedPipeIsRefusedWithoutHanging() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", file().toString()).inheritIO().start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        SessionStore store = new SessionStore(dir, FIXED);
        LoadProblem problem = refusedAndBlocked(store);
        assertTrue(problem.summary().contains("not a regular file"), problem.summary());
        assertEquals(Optional.empty(), assertTimeoutPreemptively(BOUND, store::peek));
        IOException backup = assertThrows(IOException.class,
                () -> assertTimeoutPreemptively(BOUND, () -> SessionStore.readBackup(file())));
        assertTrue(backup.getMessage().contains("not a regular file"), backup.getMessage());
        assertTrue(Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class).isOther(), "the pipe is still there");
    }

    @Test
    void aLinkToDevZeroIsRefusedBeforeReading() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        Files.createSymbolicLink(file(), Path.of("/dev/zero"));
        SessionStore store = new SessionStore(dir, FIXED);
        LoadProblem problem = refusedAndBlocked(store);
        assertTrue(problem.summary().contains("a link to /dev/zero"), problem.summary());
        assertEquals(Optional.empty(), assertTimeoutPreemptively(BOUND, store::peek));
        assertThrows(IOException.class, () -> assertTimeoutPreemptively(BOUND, () -> SessionStore.readBackup(file())));
        assertTrue(Files.isSymbolicLink(file()));
    }

    @Test
    void aFileOverTheBoundIsRefusedAndNamesTheBound() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(file().toFile(), "rw")) {
            big.setLength(GuardedFile.MAX_BYTES + 1); // sparse: no disk used
        }
        SessionStore store = new SessionStore(dir, FIXED);
        LoadProblem problem = refusedAndBlocked(store);
        assertTrue(problem.summary().contains("larger than " + GuardedFile.MAX_TEXT), problem.summary());
        assertEquals(GuardedFile.MAX_BYTES + 1, Files.size(file()), "left as it was");
        assertEquals(Optional.empty(), store.peek());
        IOException backup = assertThrows(IOException.class, () -> SessionStore.readBackup(file()));
        assertTrue(backup.getMessage().contains(GuardedFile.MAX_TEXT), backup.getMessage());
    }

    @Test
    void aFileAtTheBoundIsStillRead() throws Exception {
        byte[] json = "{\"sessions\":[{\"name\":\"web\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(int) GuardedFile.MAX_BYTES];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(json, 0, padded, 0, json.length);
        Files.write(file(), padded);
        SessionStore.LoadResult result = new SessionStore(dir, FIXED).load();
        assertEquals(Optional.empty(), result.problem());
        assertEquals(1, result.catalog().sessions().size());
    }

    @Test
    void savingWritesThroughALinkWhichStaysALink() throws Exception {
        Path synced = Files.createDirectories(dir.resolve("Sync"));
        Path target = synced.resolve("holdfast-sessions.json");
        new SessionStore(synced).save(one("old")); // any content to start from
        Files.move(synced.resolve(SessionStore.FILE_NAME), target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(file(), Path.of("Sync", "holdfast-sessions.json")); // relative, as ln -s makes

        SessionStore store = new SessionStore(dir, FIXED);
        assertEquals(List.of("old"), names(store.load().catalog()));
        store.save(one("new"));

        assertTrue(Files.isSymbolicLink(file()), "the link stays a link");
        assertEquals(Path.of("Sync", "holdfast-sessions.json"), Files.readSymbolicLink(file()));
        assertEquals(List.of("new"), names(SessionStore.readBackup(target)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var left = Files.list(synced)) {
            assertEquals(List.of(target), left.toList(), "no temporary file left beside the target");
        }
    }

    @Test
    void aDanglingLinkLoadsEmptyAndTheFirstSaveCreatesItsTarget() throws Exception {
        Path target = dir.resolve("elsewhere").resolve("sessions.json");
        Files.createSymbolicLink(file(), target);
        SessionStore store = new SessionStore(dir, FIXED);
        SessionStore.LoadResult result = store.load();
        assertEquals(Optional.empty(), result.problem());
        assertEquals(Optional.of(Catalog.empty()), store.peek());
        store.save(one("web"));
        assertTrue(Files.isSymbolicLink(file()));
        assertEquals(List.of("web"), names(SessionStore.readBackup(target)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aCorruptFileBehindALinkIsSetAsideBesideItsTargetAndTheLinkStays() throws Exception {
        Path synced = Files.createDirectories(dir.resolve("Sync"));
        Path target = synced.resolve("holdfast.json");
        Files.writeString(target, "{ not json");
        Files.createSymbolicLink(file(), target);
        SessionStore store = new SessionStore(dir, FIXED);
        LoadProblem problem = store.load().problem().orElseThrow();
        assertEquals(LoadProblem.Kind.SET_ASIDE, problem.kind());
        Path copy = synced.resolve("holdfast.json.corrupt-20261123-140320");
        assertEquals(Optional.of(copy), problem.copy());
        assertEquals("{ not json", Files.readString(copy));
        store.save(one("web"));
        assertTrue(Files.isSymbolicLink(file()));
        assertEquals(List.of("web"), names(SessionStore.readBackup(target)));
    }

    @Test
    void aLinkLoopIsRefused() throws Exception {
        Files.createSymbolicLink(file(), Path.of(SessionStore.FILE_NAME));
        SessionStore store = new SessionStore(dir, FIXED);
        LoadProblem problem = refusedAndBlocked(store);
        assertTrue(problem.summary().contains("symbolic links"), problem.summary());
    }

    @Test
    void aDuplicateKeyIsARepairWithAPrivateCopy() throws Exception {
        String json = """
                {"sessions": [{"name": "first", "settings": {"port": 22, "port": 2222}}],
                 "preferences": {"theme": "dark"},
                 "sessions": [{"name": "second"}]}
                """;
        Files.writeString(file(), json);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        SessionStore.LoadResult result = new SessionStore(dir, FIXED).load();
        assertEquals(List.of("second"), names(result.catalog()), "the last one wins, as in any JSON reader");
        LoadProblem problem = result.problem().orElseThrow();
        assertEquals(LoadProblem.Kind.REPAIRED, problem.kind());
        assertTrue(problem.details().contains("The key \"sessions\" appears more than once in the top level (line 3);"
                + " only the last one was used."), problem.details().toString());
        assertTrue(problem.details().stream().anyMatch(d -> d.startsWith("The key \"port\" appears more than once in"
                + " /sessions/0/settings")), problem.details().toString());
        Path copy = problem.copy().orElseThrow();
        assertEquals(json, Files.readString(copy), "the copy keeps the first \"sessions\" too");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aFileWithoutDuplicatesNeedsNoRepair() throws Exception {
        Files.writeString(file(), "{\"sessions\": [{\"name\": \"a\", \"settings\": {\"port\": 22}},"
                + " {\"name\": \"b\", \"settings\": {\"port\": 23}}]}");
        assertEquals(Optional.empty(), new SessionStore(dir, FIXED).load().problem());
    }

    @Test
    void aMissingKeyFileIsKeptAndSavedBackUnchanged() throws Exception {
        Path missing = dir.resolve("usb-stick").resolve("id_ed25519");
        String json = "{\"sessions\": [{\"id\": \"1\", \"name\": \"web\", \"settings\": {\"auth\": \"public-key\","
                + " \"keyFile\": \"" + missing + "\"}}], \"defaults\": {\"keyFile\": \"~/not-mounted/id_rsa\"}}";
        Files.writeString(file(), json);
        SessionStore store = new SessionStore(dir, FIXED);
        SessionStore.LoadResult result = store.load();
        assertEquals(Optional.empty(), result.problem(), () -> result.problem().toString());
        SessionProfile web = result.catalog().byName("web").orElseThrow();
        assertEquals(Optional.of(missing.toString()), web.overrides().get(Settings.KEY_FILE));
        assertEquals("~/not-mounted/id_rsa", result.catalog().defaults().get(Settings.KEY_FILE));
        store.save(result.catalog());
        Catalog again = new SessionStore(dir, FIXED).load().catalog();
        assertEquals(Optional.of(missing.toString()), again.byName("web").orElseThrow().overrides().get(Settings.KEY_FILE));
        assertEquals("~/not-mounted/id_rsa", again.defaults().get(Settings.KEY_FILE));
        assertFalse(Files.exists(missing));
    }

    private static List<String> names(Catalog catalog) {
        return catalog.sessions().stream().map(SessionProfile::name).toList();
    }
}
