package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
