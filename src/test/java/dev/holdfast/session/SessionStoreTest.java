package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.keepalive.KeepaliveMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-23T14:03:20Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Catalog sample() {
        SessionProfile web = SessionProfile.create("web").withFolder("Work/Prod").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "web1.example.com").with(Settings.USER, "deploy")
                .with(Settings.AUTH, AuthMethod.PASSWORD).with(Settings.KEEPALIVE_MODE, KeepaliveMode.NULL_PACKET)
                .with(Settings.TCP_KEEPALIVE, false).with(Settings.KEEPALIVE_INTERVAL, 25));
        SessionProfile db = SessionProfile.create("db").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "::1").with(Settings.PORT, 2222));
        return Catalog.empty().withSessions(List.of(web, db))
                .withDefaults(DefaultSettings.builtIn().with(Settings.KEEPALIVE_COUNT_MAX, 5))
                .withPreference("theme", "dark");
    }

    @Test
    void aSavedCatalogLoadsBackEqual() throws Exception {
        SessionStore store = new SessionStore(dir);
        Catalog saved = sample();
        store.save(saved);
        SessionStore.LoadResult loaded = new SessionStore(dir).load();
        assertTrue(loaded.problem().isEmpty(), () -> loaded.problem().toString());
        assertEquals(saved.sessions(), loaded.catalog().sessions());
        assertEquals(saved.preferences(), loaded.catalog().preferences());
        for (Setting<?> setting : Settings.ALL) {
            assertEquals(saved.defaults().get(setting), loaded.catalog().defaults().get(setting), setting.key());
        }
    }

    @Test
    void aHundredThousandSessionsSaveAndLoadBackThoughTheFileIsOverTheOldBound() throws Exception {
        List<SessionProfile> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            sessions.add(SessionProfile.create("host-" + i).withFolder("Customers/C" + (i % 50) + "/Prod")
                    .withOverrides(SettingValues.empty().with(Settings.HOST, "host" + i + ".prod.example.com")
                            .with(Settings.USER, "deploy")));
        }
        Catalog saved = Catalog.empty().withSessions(sessions);
        new SessionStore(dir).save(saved);
        assertTrue(Files.size(dir.resolve(SessionStore.FILE_NAME)) > 16L * 1024 * 1024,
                "more than the 16 MiB that used to be refused");
        SessionStore store = new SessionStore(dir);
        SessionStore.LoadResult loaded = store.load();
        assertTrue(loaded.problem().isEmpty(), () -> loaded.problem().toString());
        assertEquals(saved.sessions(), loaded.catalog().sessions());
        // and the store saves over it: the settings file was not refused
        SessionProfile changed = sessions.get(500).withOverrides(sessions.get(500).overrides().with(Settings.PORT, 2222));
        store.save(loaded.catalog().withSessions(loaded.catalog().sessions().stream()
                .map(s -> s.id().equals(changed.id()) ? changed : s).toList()));
        assertEquals(Optional.of(changed), new SessionStore(dir).load().catalog().byId(changed.id()));
    }

    @Test
    void aSessionStoresOnlyWhatItOverrides() throws Exception {
        new SessionStore(dir).save(sample());
        JsonNode db = new ObjectMapper().readTree(dir.resolve("sessions.json").toFile()).path("sessions").get(1);
        assertEquals("db", db.path("name").asText());
        assertEquals(List.of("host", "port"), fieldNames(db.path("settings")));
    }

    @Test
    void theFileHasASchemaVersionAndReadableValues() throws Exception {
        new SessionStore(dir).save(sample());
        JsonNode root = new ObjectMapper().readTree(dir.resolve("sessions.json").toFile());
        assertEquals(1, root.path("schemaVersion").asInt());
        JsonNode web = root.path("sessions").get(0).path("settings");
        assertEquals("null-packet", web.path("keepaliveMode").asText());
        assertEquals("password", web.path("auth").asText());
        assertEquals(25, web.path("keepaliveIntervalSeconds").asInt());
        assertEquals(5, root.path("defaults").path("keepaliveCountMax").asInt());
    }

    @Test
    void noFileMeansAnEmptyCatalogAndNoProblem() {
        SessionStore.LoadResult result = new SessionStore(dir.resolve("new")).load();
        assertEquals(Catalog.empty(), result.catalog());
        assertTrue(result.problem().isEmpty());
    }

    @Test
    void theFileIsPrivateToTheUser() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path configDir = dir.resolve("config");
        new SessionStore(configDir).save(sample());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(configDir.resolve("sessions.json"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(configDir)));
    }

    @Test
    void savingLeavesNoTemporaryFilesBehind() throws Exception {
        SessionStore store = new SessionStore(dir);
        store.save(sample());
        store.save(sample());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("sessions.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownFieldsDoNotBreakLoadingAndSurviveASave() throws Exception {
        Files.writeString(dir.resolve("sessions.json"), """
                {"schemaVersion": 1, "futureTopLevel": {"a": 1},
                 "defaults": {"port": 2022, "futureDefault": "x"},
                 "sessions": [{"id": "s1", "name": "web", "colour": "teal",
                               "settings": {"host": "web", "x11Forwarding": true}}]}
                """);
        SessionStore.LoadResult loaded = new SessionStore(dir).load();
        assertTrue(loaded.problem().isEmpty());
        SessionProfile web = loaded.catalog().sessions().get(0);
        assertEquals("web", loaded.catalog().effective(web).get(Settings.HOST));
        assertEquals(2022, loaded.catalog().effective(web).get(Settings.PORT));

        new SessionStore(dir).save(loaded.catalog());
        JsonNode root = new ObjectMapper().readTree(dir.resolve("sessions.json").toFile());
        assertEquals(1, root.path("futureTopLevel").path("a").asInt());
        assertEquals("x", root.path("defaults").path("futureDefault").asText());
        assertEquals("teal", root.path("sessions").get(0).path("colour").asText());
        assertTrue(root.path("sessions").get(0).path("settings").path("x11Forwarding").asBoolean());
    }

    @Test
    void aFileThatIsNotJsonIsMovedAsideUntouchedAndReported() throws Exception {
        byte[] garbage = "{\"sessions\": [ {\"name\": \"web\", ".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("sessions.json"), garbage);
        SessionStore store = new SessionStore(dir, FIXED);
        SessionStore.LoadResult result = store.load();

        assertEquals(Catalog.empty(), result.catalog());
        LoadProblem problem = result.problem().orElseThrow();
        assertEquals(LoadProblem.Kind.SET_ASIDE, problem.kind());
        Path copy = problem.copy().orElseThrow();
        assertEquals(dir.resolve("sessions.json.corrupt-20261123-140320"), copy);
        assertArrayEquals(garbage, Files.readAllBytes(copy));
        assertFalse(Files.exists(dir.resolve("sessions.json")));
        assertTrue(problem.summary().contains("not valid JSON"), problem.summary());

        store.save(sample());
        assertArrayEquals(garbage, Files.readAllBytes(copy), "saving never touches the set-aside copy");
    }

    @Test
    void aSecondCorruptFileInTheSameSecondGetsItsOwnCopy() throws Exception {
        Files.writeString(dir.resolve("sessions.json"), "[1, 2");
        Path first = new SessionStore(dir, FIXED).load().problem().orElseThrow().copy().orElseThrow();
        Files.writeString(dir.resolve("sessions.json"), "nope");
        Path second = new SessionStore(dir, FIXED).load().problem().orElseThrow().copy().orElseThrow();
        assertFalse(first.equals(second));
        assertEquals("[1, 2", Files.readString(first));
        assertEquals("nope", Files.readString(second));
    }

    @Test
    void aFileOfTheWrongShapeIsSetAside() throws Exception {
        Files.writeString(dir.resolve("sessions.json"), "{\"sessions\": {\"web\": 1}}");
        LoadProblem problem = new SessionStore(dir, FIXED).load().problem().orElseThrow();
        assertEquals(LoadProblem.Kind.SET_ASIDE, problem.kind());
        assertTrue(problem.summary().contains("\"sessions\" field is not a list"), problem.summary());
    }

    @Test
    void invalidValuesAreLeftOutNamedAndTheOriginalIsCopiedAside() throws Exception {
        String original = """
                {"schemaVersion": 1, "sessions": [
                  {"name": "web", "settings": {"host": "web", "port": 99999, "keepaliveMode": "sometimes"}},
                  {"name": "web", "settings": {"host": "-oProxyCommand=evil"}},
                  {"settings": {"host": "nameless"}}]}
                """;
        Files.writeString(dir.resolve("sessions.json"), original);
        SessionStore.LoadResult result = new SessionStore(dir, FIXED).load();
        LoadProblem problem = result.problem().orElseThrow();
        assertEquals(LoadProblem.Kind.REPAIRED, problem.kind());
        assertEquals(original, Files.readString(problem.copy().orElseThrow()));
        assertEquals(dir.resolve("sessions.json.before-repair-20261123-140320"), problem.copy().get());
        String details = String.join("\n", problem.details());
        assertTrue(details.contains("port 99999 ignored: Port must be between 1 and 65535"), details);
        assertTrue(details.contains("keepaliveMode \"sometimes\" ignored"), details);
        assertTrue(details.contains("must not start with '-'"), details);
        assertTrue(details.contains("the second is now 'web (2)'"), details);

        List<SessionProfile> sessions = result.catalog().sessions();
        assertEquals(List.of("web", "web (2)", "Session 3"), sessions.stream().map(SessionProfile::name).toList());
        assertEquals("web", result.catalog().effective(sessions.get(0)).get(Settings.HOST));
        assertEquals(22, result.catalog().effective(sessions.get(0)).get(Settings.PORT));
        assertEquals("", result.catalog().effective(sessions.get(1)).get(Settings.HOST));
    }

    @Test
    void passwordsNeverReachTheFileEvenIfSomeoneWroteOneIn() throws Exception {
        Files.writeString(dir.resolve("sessions.json"), """
                {"schemaVersion": 1, "password": "top-level-secret",
                 "sessions": [{"name": "web", "passphrase": "hunter2",
                   "settings": {"host": "web", "auth": "password", "password": "hunter3", "apiToken": "t"}}]}
                """);
        SessionStore.LoadResult loaded = new SessionStore(dir, FIXED).load();
        assertTrue(String.join("\n", loaded.problem().orElseThrow().details()).contains("never keeps passwords"));

        new SessionStore(dir).save(loaded.catalog());
        String written = Files.readString(dir.resolve("sessions.json"));
        for (String secret : List.of("top-level-secret", "hunter2", "hunter3", "\"t\"", "passphrase", "apiToken")) {
            assertFalse(written.contains(secret), () -> secret + " leaked into " + written);
        }
        JsonNode root = new ObjectMapper().readTree(written);
        List<String> keys = new java.util.ArrayList<>();
        collectKeys(root, keys);
        assertTrue(keys.stream().noneMatch(CatalogCodec::isSecretName), keys.toString());
    }

    @Test
    void secretsAtAnyDepthAreRemovedAndTheRepairCopyHoldsNoneAndIsPrivate() throws Exception {
        Path file = dir.resolve("sessions.json");
        Files.writeString(file, """
                {"schemaVersion": 1, "plugin": {"list": [{"token": "deep-token", "keep": "kept-value"}]},
                 "defaults": {"ui": {"password": "X-nested-default"}},
                 "sessions": [{"name": "web", "settings": {"host": "web", "port": 99999,
                   "credentials": {"passphrase": "Y-nested-session"}}}]}
                """);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        SessionStore.LoadResult loaded = new SessionStore(dir, FIXED).load();
        LoadProblem problem = loaded.problem().orElseThrow();
        String details = String.join("\n", problem.details());
        assertTrue(details.contains("'password' was removed") && details.contains("'passphrase' was removed")
                && details.contains("'token' was removed"), details);

        new SessionStore(dir).save(loaded.catalog());
        String written = Files.readString(file);
        Path copy = problem.copy().orElseThrow();
        String copied = Files.readString(copy);
        for (String secret : List.of("deep-token", "X-nested-default", "Y-nested-session")) {
            assertFalse(written.contains(secret), () -> secret + " leaked into " + written);
            assertFalse(copied.contains(secret), () -> secret + " leaked into the repair copy " + copied);
        }
        assertTrue(written.contains("kept-value"), "what is not a secret is kept: " + written);
        assertTrue(copied.contains("99999"), "the copy keeps what was repaired away: " + copied);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aFileSetAsideAsCorruptIsPrivate() throws Exception {
        Path file = dir.resolve("sessions.json");
        Files.writeString(file, "{not json");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path copy = new SessionStore(dir, FIXED).load().problem().orElseThrow().copy().orElseThrow();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aNewerSchemaLoadsWithANote() throws Exception {
        Files.writeString(dir.resolve("sessions.json"), "{\"schemaVersion\": 7, \"sessions\": [{\"name\": \"a\"}]}");
        SessionStore.LoadResult result = new SessionStore(dir, FIXED).load();
        assertEquals(1, result.catalog().sessions().size());
        assertTrue(result.problem().orElseThrow().details().get(0).contains("newer Holdfast (schema 7)"));
    }

    @Test
    void aFileThatCannotBeReadIsNeverOverwritten() throws Exception {
        Files.createDirectories(dir.resolve("sessions.json"));
        SessionStore store = new SessionStore(dir, FIXED);
        SessionStore.LoadResult result = store.load();
        assertEquals(LoadProblem.Kind.UNREADABLE, result.problem().orElseThrow().kind());
        assertThrows(java.io.IOException.class, () -> store.save(sample()));
        assertTrue(Files.isDirectory(dir.resolve("sessions.json")));
    }

    @Test
    void concurrentReadersOnlyEverSeeAWholeOldOrNewFile() throws Exception {
        SessionStore store = new SessionStore(dir);
        Catalog small = Catalog.empty().withSessions(List.of(SessionProfile.create("only")));
        Catalog big = sample().withSessions(Stream.iterate(0, i -> i + 1).limit(300)
                .map(i -> SessionProfile.create("s" + i).withOverrides(SettingValues.empty()
                        .with(Settings.HOST, "host" + i + ".example.com")))
                .toList());
        store.save(small);
        Path file = dir.resolve("sessions.json");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            ObjectMapper mapper = new ObjectMapper();
            while (!done.get() && failure.get() == null) {
                try {
                    int count = mapper.readTree(Files.readAllBytes(file)).path("sessions").size();
                    if (count != 1 && count != 300) {
                        failure.set("saw " + count + " sessions");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    failure.set(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200; i++) {
            store.save(i % 2 == 0 ? big : small);
        }
        done.set(true);
        reader.join();
        assertEquals(null, failure.get());
        assertTrue(reads.get() > 0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectKeys(JsonNode node, List<String> keys) {
        node.fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            collectKeys(e.getValue(), keys);
        });
        if (node.isArray()) {
            node.forEach(child -> collectKeys(child, keys));
        }
    }

    @Test
    void peekReadsWithoutTouchingTheDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SessionStore store = new SessionStore(dir);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of(Catalog.empty()), store.peek(),
                "no file: no sessions");
        java.nio.file.Files.writeString(store.file(), "{ not json");
        org.junit.jupiter.api.Assertions.assertTrue(store.peek().isEmpty());
        try (var files = java.nio.file.Files.list(dir)) {
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(store.file()), files.toList(),
                    "nothing moved aside or copied");
        }
    }
}
