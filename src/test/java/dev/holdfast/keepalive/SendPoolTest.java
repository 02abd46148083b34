package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Await;
import dev.holdfast.threads.Threads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's writer pool with real threads: two for quick writes, more only while writes are blocked. */
class SendPoolTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("test-send-timer", false));
    private final KeepaliveEngine.Scheduler scheduler = (task, delay) -> {
        Future<?> future = timer.schedule(task, Math.max(0, delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    };
    private final SendPool pool = new SendPool(Threads.factory("test-send"), scheduler, System::nanoTime);
    /** One that never counts a write as stuck: on a busy machine a quick write may be descheduled for a while. */
    private final SendPool patient = new SendPool(Threads.factory("test-send-patient"), scheduler, System::nanoTime,
            TimeUnit.HOURS.toNanos(1));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
        patient.shutdownNow();
        timer.shutdownNow();
    }

    private void blockedWrite(CountDownLatch started) {
        pool.execute(() -> {
            started.countDown();
            try {
                release.await(); // a write to a socket whose send buffer is full
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void writesQueuedBehindBlockedOnesStillRunAndThePoolShrinksBackWhenTheyReturn() throws Exception {
        CountDownLatch started = new CountDownLatch(SendPool.BASE_THREADS + 1);
        for (int i = 0; i <= SendPool.BASE_THREADS; i++) {
            blockedWrite(started);
        }
        CountDownLatch healthy = new CountDownLatch(1);
        pool.execute(healthy::countDown);
        assertTrue(healthy.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "another connection's write was not starved");
        assertTrue(started.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "every blocked write got a thread");
        assertTrue(pool.allowedThreads() > SendPool.BASE_THREADS, "grew for the blocked writes: " + pool.allowedThreads());
        release.countDown();
        Await.until("back to the base size once the writes returned", LIMIT,
                () -> pool.allowedThreads() == SendPool.BASE_THREADS, () -> "allowed " + pool.allowedThreads());
        Await.until("the extra threads ended", LIMIT, () -> pool.liveThreads() <= SendPool.BASE_THREADS,
                () -> "live " + pool.liveThreads());
    }

    @Test
    void manyQuickWritesUseNoMoreThanTheBaseThreads() throws Exception {
        int writes = 2000;
        CountDownLatch done = new CountDownLatch(writes);
        AtomicInteger peak = new AtomicInteger();
        for (int i = 0; i < writes; i++) {
            patient.execute(() -> {
                peak.accumulateAndGet(patient.liveThreads(), Math::max);
                done.countDown();
            });
        }
        assertTrue(done.await(LIMIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(SendPool.BASE_THREADS, peak.get(), "a burst of writes shares the base threads");
        assertEquals(SendPool.BASE_THREADS, patient.allowedThreads());
    }
}
