package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A terminal's serial queue on a shared pool: in order, one at a time, no thread while idle, its own stalls only. */
class SerialScheduledExecutorTest {
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 64, 200, TimeUnit.MILLISECONDS,
            new SynchronousQueue<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void tasksRunInOrderOneAtATime() throws Exception {
        SerialScheduledExecutor serial = new SerialScheduledExecutor(pool, timer);
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 500; i++) {
            int n = i;
            serial.execute(() -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                order.add(n);
                inside.decrementAndGet();
            });
        }
        Await.until("all 500 ran", Duration.ofSeconds(10), () -> order.size() == 500);
        for (int i = 0; i < 500; i++) {
            assertEquals(i, order.get(i));
        }
        assertEquals(1, most.get(), "never two at once");
    }

    @Test
    void anIdleTerminalHoldsNoThread() throws Exception {
        SerialScheduledExecutor serial = new SerialScheduledExecutor(pool, timer);
        CountDownLatch ran = new CountDownLatch(1);
        serial.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        Await.until("the pool thread ended", Duration.ofSeconds(10), () -> pool.getPoolSize() == 0);
    }

    @Test
    void aTaskThatBlocksHoldsUpOnlyItsOwnTerminal() throws Exception {
        SerialScheduledExecutor stalled = new SerialScheduledExecutor(pool, timer);
        SerialScheduledExecutor other = new SerialScheduledExecutor(pool, timer);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger afterStall = new AtomicInteger();
        stalled.execute(() -> {
            try {
                release.await(); // a write into a full window
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stalled.execute(afterStall::incrementAndGet);
        CountDownLatch otherRan = new CountDownLatch(1);
        other.execute(otherRan::countDown);
        assertTrue(otherRan.await(10, TimeUnit.SECONDS), "another terminal's keys still go out");
        assertEquals(0, afterStall.get(), "the stalled terminal's next write waits its turn");
        release.countDown();
        Await.until("the stalled terminal goes on", Duration.ofSeconds(10), () -> afterStall.get() == 1);
    }

    @Test
    void aScheduledTaskRunsAfterItsDelayInTheTerminalsOrderAndCanBeCancelled() throws Exception {
        SerialScheduledExecutor serial = new SerialScheduledExecutor(pool, timer);
        List<String> order = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        ScheduledFuture<?> resize = serial.schedule(() -> order.add("resize"), 100, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> cancelled = serial.schedule(() -> order.add("cancelled"), 50, TimeUnit.MILLISECONDS);
        assertTrue(cancelled.cancel(false));
        serial.execute(() -> order.add("write"));
        resize.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "not before its delay");
        assertEquals(List.of("write", "resize"), order);
        assertTrue(cancelled.isCancelled());
        assertTrue(resize.isDone());
    }

    @Test
    void afterShutdownNothingNewRunsAndTerminationIsSeenOnceTheQueueIsEmpty() throws Exception {
        SerialScheduledExecutor serial = new SerialScheduledExecutor(pool, timer);
        AtomicInteger ran = new AtomicInteger();
        serial.execute(ran::incrementAndGet);
        serial.execute(serial::shutdown); // as JediTermFX's widget winds down: after what is queued
        assertTrue(serial.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(serial.isShutdown());
        assertTrue(serial.isTerminated());
        assertEquals(1, ran.get());
        assertThrows(RejectedExecutionException.class, () -> serial.execute(ran::incrementAndGet));
        ScheduledFuture<?> late = serial.schedule(ran::incrementAndGet, 1, TimeUnit.MILLISECONDS);
        Await.until("a task due after shutdown is cancelled", Duration.ofSeconds(10), late::isDone);
        assertTrue(late.isCancelled());
        assertEquals(1, ran.get());
    }

    @Test
    void theSharedPoolDoesNotNeedAThreadPerTerminal() throws Exception {
        List<SerialScheduledExecutor> terminals = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            terminals.add(new SerialScheduledExecutor(pool, timer));
        }
        AtomicInteger ran = new AtomicInteger();
        for (SerialScheduledExecutor terminal : terminals) {
            terminal.execute(ran::incrementAndGet);
        }
        Await.until("50 writes", Duration.ofSeconds(10), () -> ran.get() == 50);
        Await.until("no thread left", Duration.ofSeconds(10), () -> pool.getPoolSize() == 0);
        assertFalse(terminals.get(0).isShutdown());
    }
}
