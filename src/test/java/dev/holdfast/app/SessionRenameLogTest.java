package dev.holdfast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.EventLog;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session keeps one event log across renames: the file follows the name, and so do open tabs' logs. */
class SessionRenameLogTest {
    @TempDir
    Path dir;
    private Path logs;
    private SessionLibrary library;
    private Connections connections;

    @BeforeEach
    void wire() {
        logs = dir.resolve("logs");
        library = new SessionLibrary(new SessionStore(dir), Catalog.empty());
        connections = new Connections(new KnownHosts(List.of(), dir.resolve("known_hosts")), Optional.of(logs),
                dir.resolve(".ssh"));
        Services.followRenames(library, connections);
    }

    @AfterEach
    void stop() {
        connections.close(Duration.ofSeconds(5));
        library.close();
    }

    @Test
    void anOpenTabsLogMovesWithTheRenameAndKeepsWritingUnderTheNewName() throws Exception {
        SessionProfile web = SessionProfile.create("prod/web");
        library.put(web);
        EventLog log = connections.eventLog("prod/web");
        log.add("connected");
        Path before = EventLog.fileFor(logs, "prod/web");
        Await.until("the first line is written", Duration.ofSeconds(20), () -> Files.exists(before));

        assertEquals(Optional.empty(), library.rename(web.id(), "prod/db"));
        Path after = EventLog.fileFor(logs, "prod/db");
        log.add("probe unanswered");
        Await.until("both lines under the new name", Duration.ofSeconds(20), () -> read(after).size() == 2);
        assertTrue(read(after).get(0).endsWith("connected"));
        assertTrue(read(after).get(1).endsWith("probe unanswered"));
        assertFalse(Files.exists(before), "no second file under the old name");
    }

    @Test
    void theLogOfASessionWithNoTabOpenIsRenamedToo() throws Exception {
        SessionProfile db = SessionProfile.create("db");
        library.put(db);
        Files.createDirectories(logs);
        Files.writeString(EventLog.fileFor(logs, "db"), "yesterday" + System.lineSeparator());

        assertEquals(Optional.empty(), library.rename(db.id(), "db primary"));
        Path after = EventLog.fileFor(logs, "db primary");
        Await.until("the log is renamed", Duration.ofSeconds(20), () -> Files.exists(after));
        assertEquals(List.of("yesterday"), read(after));
        assertFalse(Files.exists(EventLog.fileFor(logs, "db")));
    }

    @Test
    void aChangeThatIsNotARenameLeavesTheLogWhereItIs() throws Exception {
        SessionProfile db = SessionProfile.create("db");
        library.put(db);
        EventLog log = connections.eventLog("db");
        library.put(db.withName("db"));
        log.add("still here");
        Path file = EventLog.fileFor(logs, "db");
        Await.until("the line is written", Duration.ofSeconds(20), () -> Files.exists(file));
        assertEquals(Optional.of(file), log.file());
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
