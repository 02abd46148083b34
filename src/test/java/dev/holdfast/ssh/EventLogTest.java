package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.threads.Threads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event-log file is in time order, whatever threads add lines and however many writers the pool has. */
class EventLogTest {
    @TempDir
    Path dir;

    @Test
    void linesAddedFromManyThreadsReachTheFileInTheOrderTheyWereAddedWithTimesInOrder() throws Exception {
        Path file = dir.resolve("logs").resolve("s.log");
        ExecutorService pool = Executors.newCachedThreadPool(Threads.factory("test-log-writer"));
        EventLog log = new EventLog(Optional.of(file), pool);
        int threads = 4;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int number = t;
            adders.add(Threads.start("test-log-adder", () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    log.add("thread " + number + " line " + i);
                }
            }));
        }
        go.countDown();
        for (Thread adder : adders) {
            adder.join(TimeUnit.SECONDS.toMillis(30));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(log.lines(), written, "the file holds what the log holds, in the same order");
        assertEquals(threads * each, written.size());
        for (int i = 1; i < written.size(); i++) {
            String before = written.get(i - 1).substring(0, 23);
            String now = written.get(i).substring(0, 23);
            assertTrue(before.compareTo(now) <= 0, "time order at line " + i + ": " + before + " then " + now);
        }
    }

    @Test
    void aRenameMovesTheFileAfterThePendingLinesAndLaterLinesGoToTheNewFile() throws Exception {
        Path logs = dir.resolve("logs");
        ExecutorService pool = Executors.newCachedThreadPool(Threads.factory("test-log-writer"));
        EventLog log = new EventLog(Optional.of(logs.resolve("a.log")), pool);
        for (int i = 0; i < 1000; i++) {
            if (i == 300) {
                log.moveTo(logs.resolve("b.log"));
            }
            if (i == 700) {
                log.moveTo(logs.resolve("c.log"));
            }
            log.add("line " + i);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(Optional.of(logs.resolve("c.log")), log.file());
        assertFalse(Files.exists(logs.resolve("a.log")), "the old name is gone");
        assertFalse(Files.exists(logs.resolve("b.log")), "the name in between is gone");
        List<String> written = Files.readAllLines(logs.resolve("c.log"), StandardCharsets.UTF_8);
        assertEquals(log.lines(), written, "every line, in order, in the file of the newest name");
        assertEquals(1000, written.size());
    }

    @Test
    void aRenameOntoTheNameOfAnOlderLogAppendsToItAndLosesNothing() throws Exception {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("db.log"), "from a deleted session" + System.lineSeparator());
        ExecutorService pool = Executors.newSingleThreadExecutor(Threads.factory("test-log-writer"));
        EventLog log = new EventLog(Optional.of(logs.resolve("web.log")), pool);
        log.add("before the rename");
        log.moveTo(logs.resolve("db.log"));
        log.add("after the rename");
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        List<String> written = Files.readAllLines(logs.resolve("db.log"), StandardCharsets.UTF_8);
        assertEquals(3, written.size(), written.toString());
        assertEquals("from a deleted session", written.get(0));
        assertTrue(written.get(1).endsWith("before the rename"), written.get(1));
        assertTrue(written.get(2).endsWith("after the rename"), written.get(2));
        assertFalse(Files.exists(logs.resolve("web.log")));
    }

    @Test
    void everySessionNameGetsAFileOfItsOwnInsideLogs() {
        List<String> names = List.of("prod/web", "prod_web", "prod:web", "prod\\web", "prod web", "Caf\u00e9",
                "Cafe\u0301", "..", "../../etc/passwd", "web1", " web1", "web1 ", "%41", "A");
        java.util.Set<String> files = new java.util.HashSet<>();
        for (String name : names) {
            Path file = EventLog.fileFor(dir, name);
            assertEquals(dir, file.getParent(), name + " stays in logs/");
            assertTrue(files.add(file.getFileName().toString()), name + " collides: " + file.getFileName());
        }
        assertEquals("web1.log", EventLog.fileName("web1"), "an ordinary name reads as it is");
        assertEquals("prod%2Fweb.log", EventLog.fileName("prod/web"));
    }

    @Test
    void aLongNameGetsAFileOfAtMost255BytesAndItIsWritten() throws Exception {
        String cjk = "\u6570\u636e\u5e93\u670d\u52a1\u5668".repeat(17).substring(0, 100);
        String name = EventLog.fileName(cjk);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
        assertTrue(!name.equals(EventLog.fileName(cjk.substring(0, 99) + "x")), "the hash tells long names apart");
        ExecutorService pool = Executors.newSingleThreadExecutor(Threads.factory("test-log-writer"));
        EventLog log = new EventLog(Optional.of(EventLog.fileFor(dir.resolve("logs"), cjk)), pool);
        log.add("Connecting");
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, Files.readAllLines(dir.resolve("logs").resolve(name), StandardCharsets.UTF_8).size());
    }

    @Test
    void theLogDirectoryIs0700AndTheFile0600() throws Exception {
        Path logs = dir.resolve("config").resolve("logs");
        ExecutorService pool = Executors.newSingleThreadExecutor(Threads.factory("test-log-writer"));
        EventLog log = new EventLog(Optional.of(EventLog.fileFor(logs, "web1")), pool);
        log.add("Connecting");
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("config"))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(logs.resolve("web1.log"))));
    }
}
