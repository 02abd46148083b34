package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SessionTranscriptTest {
    @TempDir
    Path dir;

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);

    @Test
    void placeholdersAsPuttys() {
        assertEquals(Path.of("logs/db.example-22-20260304-050607&x&.log"),
                SessionTranscript.fileFor("logs/&H-&P-&Y&M&D-&T&x&&.log", "db.example", 22, WHEN));
        assertEquals(Path.of(System.getProperty("user.home"), "l/a_b.log"),
                SessionTranscript.fileFor("~/l/&h.log", "a/b", 22, WHEN));
    }

    @Test
    void writesOnlyToAPrivateFileInPrivateNewFolders() throws Exception {
        Path file = dir.resolve("new/deeper/s.log");
        SessionTranscript log = SessionTranscript.start(file, true);
        log.write("héllo\r\n".toCharArray(), 0, 7);
        log.close();
        assertTrue(log.awaitClosed(Duration.ofSeconds(20)));
        assertEquals("héllo\r\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
    }

    @Test
    void appendsOrOverwritesAsChosenAndMakesAnOldLogPrivate() throws Exception {
        Path file = dir.resolve("s.log");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        write(file, true, "new\n");
        assertEquals("old\nnew\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        write(file, false, "fresh\n");
        assertEquals("fresh\n", Files.readString(file));
    }

    /** A log that cannot be written (a pipe nobody reads) neither blocks the writer nor loses text silently. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aStuckDiskDropsTextWithANoteAndNeverBlocks() throws Exception {
        Path fifo = dir.resolve("stuck.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        SessionTranscript log = SessionTranscript.start(fifo, true); // its thread waits to open the pipe
        char[] chunk = "0123456789".toCharArray();
        for (int i = 0; i < 5000; i++) { // more chunks than the queue holds: would hang if write blocked
            log.write(chunk, 0, chunk.length);
        }
        log.close();
        String read;
        try (InputStream in = Files.newInputStream(fifo)) {
            read = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(log.awaitClosed(Duration.ofSeconds(20)));
        assertTrue(read.contains("characters of output are missing here"), read.substring(0, Math.min(200, read.length())));
        assertTrue(read.startsWith("0123456789"), read.substring(0, 20));
        assertTrue(log.problem().contains("not logged"), log.problem());
    }

    private static void write(Path file, boolean append, String text) throws Exception {
        SessionTranscript log = SessionTranscript.start(file, append);
        log.write(text.toCharArray(), 0, text.length());
        log.close();
        assertTrue(log.awaitClosed(Duration.ofSeconds(20)));
    }

    @Test
    void aLogThatCannotBeWrittenSaysSoToItsListenerEvenWhenItFailedFirst() throws Exception {
        Path notAFolder = dir.resolve("plain-file");
        Files.writeString(notAFolder, "x");
        SessionTranscript transcript = SessionTranscript.start(notAFolder.resolve("session.log"), true);
        java.util.concurrent.CompletableFuture<String> told = new java.util.concurrent.CompletableFuture<>();
        assertTrue(transcript.awaitClosed(Duration.ofSeconds(20)), "the log's thread ends when the file cannot be opened");
        transcript.onProblem(told::complete);
        String problem = told.get(20, TimeUnit.SECONDS);
        assertTrue(problem.startsWith("The session log " + notAFolder.resolve("session.log") + " stopped"), problem);
        assertEquals(problem, transcript.problem());
        transcript.close();
    }
}
