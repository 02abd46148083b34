package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLibraryTest {
    @TempDir
    Path dir;

    private SessionLibrary library(SessionProfile... profiles) {
        return new SessionLibrary(new SessionStore(dir), Catalog.empty().withSessions(List.of(profiles)));
    }

    @Test
    void changesAreSavedInTheBackgroundAndLoadBack() {
        SessionLibrary library = library();
        library.put(SessionProfile.create("web").withOverrides(SettingValues.empty().with(Settings.HOST, "web")));
        library.flush(Duration.ofSeconds(5));
        assertEquals(List.of("web"), new SessionStore(dir).load().catalog().sessions().stream()
                .map(SessionProfile::name).toList());
        library.close();
    }

    @Test
    void listenersSeeEveryChange() {
        SessionLibrary library = library();
        List<Integer> sizes = new ArrayList<>();
        library.addListener(c -> sizes.add(c.sessions().size()));
        SessionProfile a = SessionProfile.create("a");
        library.put(a);
        library.put(SessionProfile.create("b"));
        library.delete(a.id());
        assertEquals(List.of(1, 2, 1), sizes);
        library.close();
    }

    @Test
    void duplicateCopiesOverridesUnderAFreeNameRightAfterTheOriginal() {
        SessionProfile web = SessionProfile.create("web").withOverrides(SettingValues.empty().with(Settings.PORT, 2222));
        SessionLibrary library = library(web, SessionProfile.create("other"));
        SessionProfile copy = library.duplicate(web.id()).orElseThrow();
        SessionProfile second = library.duplicate(web.id()).orElseThrow();
        assertEquals("web (copy)", copy.name());
        assertEquals("web (copy 2)", second.name());
        assertEquals(web.overrides(), copy.overrides());
        assertTrue(!copy.id().equals(web.id()));
        assertEquals(List.of("web", "web (copy 2)", "web (copy)", "other"),
                library.catalog().sessions().stream().map(SessionProfile::name).toList());
        library.close();
    }

    @Test
    void renameRefusesTakenAndInvalidNamesIgnoringCase() {
        SessionProfile web = SessionProfile.create("web");
        SessionLibrary library = library(web, SessionProfile.create("DB"));
        assertEquals(Optional.of("A session called 'DB' already exists"), library.rename(web.id(), "db"));
        assertEquals(Optional.of("Enter a name"), library.rename(web.id(), "  "));
        assertEquals(Optional.empty(), library.rename(web.id(), " web2 "));
        assertEquals("web2", library.catalog().byId(web.id()).orElseThrow().name());
        assertEquals(Optional.empty(), library.nameProblem("WEB2", web.id()), "a session may keep its own name");
        library.close();
    }

    @Test
    void aFailedSaveIsReportedAndTheChangeStaysInMemory() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("sessions.json"));
        SessionStore store = new SessionStore(dir);
        store.load();
        SessionLibrary library = new SessionLibrary(store, Catalog.empty());
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        library.addSaveFailureListener(e -> failures.add(e.getMessage()));
        library.put(SessionProfile.create("web"));
        library.flush(Duration.ofSeconds(5));
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("Not saving"), failures.get(0));
        assertEquals(1, library.catalog().sessions().size());
        library.close();
    }
}
