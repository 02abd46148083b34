package dev.holdfast.keepalive;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The engine's writers: {@value #BASE_THREADS} threads for every connection's probes and null packets. A write
 * only hands a packet to the socket (no thread waits for a reply), so it normally takes microseconds.
 *
 * <p>A write can block: when the socket's send buffer is full (the path or the server stopped taking data while a
 * big paste or upload was being written), during a key exchange, or behind another writer that holds SSHJ's write
 * lock. Two bounds keep that from spreading. The engine writes at most one packet per connection at a time (a
 * probe that falls due while the previous write has not returned is counted but not written), so a stuck
 * connection holds at most one thread. And a write that has run for {@link #STUCK_NANOS} no longer counts
 * against the pool: while tasks are queued behind it, the pool grows by one thread for it, up to
 * {@value #MAX_THREADS} in all, and shrinks back once it returns. Past that cap, writes queue until a blocked one
 * returns (closing its connection makes it fail).
 */
final class SendPool implements Executor {
    static final int BASE_THREADS = 2;
    static final int MAX_THREADS = 64;
    static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ThreadPoolExecutor pool;
    private final KeepaliveEngine.Scheduler scheduler;
    private final LongSupplier clock;
    private final long stuckNanos;
    private final AtomicBoolean rescueScheduled = new AtomicBoolean();
    /** Writes now running; guarded by this. */
    private final Set<Running> running = new HashSet<>();
    /** Threads added for writes that have been running longer than STUCK_NANOS; guarded by this. */
    private int extra;

    private static final class Running {
        final long started;
        boolean stuck;

        Running(long started) {
            this.started = started;
        }
    }

    SendPool(ThreadFactory threads, KeepaliveEngine.Scheduler scheduler, LongSupplier clock) {
        this(threads, scheduler, clock, STUCK_NANOS);
    }

    /** For tests: another threshold for a stuck write. */
    SendPool(ThreadFactory threads, KeepaliveEngine.Scheduler scheduler, LongSupplier clock, long stuckNanos) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.stuckNanos = stuckNanos;
        pool = new ThreadPoolExecutor(BASE_THREADS, BASE_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads);
        pool.allowCoreThreadTimeOut(true); // an idle app keeps no writer threads
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(() -> run(task));
        if (!pool.getQueue().isEmpty()) {
            rescueLater();
        }
    }

    private void run(Runnable task) {
        Running write = new Running(clock.getAsLong());
        synchronized (this) {
            running.add(write);
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                running.remove(write);
                if (write.stuck) {
                    extra--;
                    resize();
                }
            }
        }
    }

    /** On the scheduler, {@link #STUCK_NANOS} from now: whether queued writes wait behind stuck ones. */
    private void rescueLater() {
        if (rescueScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::rescue, stuckNanos);
        }
    }

    private void rescue() {
        rescueScheduled.set(false);
        if (pool.isShutdown()) {
            return;
        }
        synchronized (this) {
            long now = clock.getAsLong();
            for (Running write : running) {
                if (!write.stuck && now - write.started >= stuckNanos) {
                    write.stuck = true;
                    extra++;
                }
            }
            resize();
        }
        if (!pool.getQueue().isEmpty()) {
            rescueLater();
        }
    }

    /** Under this object's lock. */
    private void resize() {
        int size = Math.min(MAX_THREADS, BASE_THREADS + extra);
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size); // starts threads for the queued writes
        } else if (size < pool.getCorePoolSize()) {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size); // the extra threads end once idle
        }
    }

    /** Threads the pool may run now (for tests). */
    synchronized int allowedThreads() {
        return pool.getCorePoolSize();
    }

    /** Threads alive now (for tests). */
    int liveThreads() {
        return pool.getPoolSize();
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
