package dev.holdfast.terminal;

import dev.holdfast.threads.SerialExecutor;
import dev.holdfast.threads.Threads;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One terminal's "single thread" for JediTermFX (its writes of typed keys, resizes and debounced jobs),
 * without a thread of its own: tasks run one at a time, in order, on a pool that all terminals share and
 * whose threads end when idle, and delayed tasks wait on one shared timer thread. JediTermFX gave every
 * terminal its own scheduler thread, so 50 idle tabs held 50 sleeping threads. The order is
 * {@link SerialExecutor}'s, the same the connection lifecycle runs on. A write that blocks (a
 * connection whose window is full) holds up only its own terminal's tasks, as before: the pool grows.
 *
 * <p>JediTermFX only calls {@code execute} and {@code schedule}; the periodic forms are refused.
 */
public final class SerialScheduledExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Threads.factory("terminal-io", true));
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("terminal-timer", false));

    private final SerialExecutor serial;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    /** Tasks given and not yet finished. */
    private int pending;
    private boolean shutdown;
    private volatile boolean dropping;

    /** On the shared pool and timer. */
    public SerialScheduledExecutor() {
        this(POOL, TIMER);
    }

    /** On the given pool and timer (tests). */
    public SerialScheduledExecutor(Executor pool, ScheduledExecutorService timer) {
        this.serial = new SerialExecutor(pool, "terminal");
        this.timer = timer;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("terminal tasks shut down");
            }
            pending++;
        }
        try {
            serial.execute(() -> {
                try {
                    if (!dropping) {
                        task.run();
                    }
                } finally {
                    finished();
                }
            });
        } catch (RejectedExecutionException e) {
            finished();
            throw e;
        }
    }

    private void finished() {
        synchronized (lock) {
            pending--;
            lock.notifyAll();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command, null), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        FutureTask<V> task = new FutureTask<>(callable);
        ScheduledFuture<?> due = timer.schedule(() -> {
            try {
                execute(task);
            } catch (RejectedExecutionException e) {
                task.cancel(false); // shut down meanwhile
            }
        }, delay, unit);
        return new Waiting<>(task, due);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic terminal tasks are not used by JediTermFX");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic terminal tasks are not used by JediTermFX");
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
    }

    /** Shuts down and drops the tasks not started yet; they run as no-ops, so none is returned. */
    @Override
    public List<Runnable> shutdownNow() {
        dropping = true;
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && pending == 0;
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!(shutdown && pending == 0)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** A task that waits on the shared timer, then runs in this terminal's order. */
    private static final class Waiting<V> implements ScheduledFuture<V> {
        private final FutureTask<V> task;
        private final ScheduledFuture<?> due;

        Waiting(FutureTask<V> task, ScheduledFuture<?> due) {
            this.task = task;
            this.due = due;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return due.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            due.cancel(false);
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
