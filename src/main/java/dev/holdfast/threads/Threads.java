package dev.holdfast.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where Holdfast makes threads: every thread is named {@code holdfast-<role>[-n]}, is a
 * daemon unless asked otherwise, and logs what kills it. The build (ArchUnit) keeps {@code new Thread}
 * out of every other class.
 */
public final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    /**
     * A factory for a pool's threads, named {@code holdfast-<role>-1}, {@code -2}, ... (or just
     * {@code holdfast-<role>} for a single-thread pool when {@code numbered} is false).
     */
    public static ThreadFactory factory(String role, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return task -> make(task, numbered ? "holdfast-" + role + "-" + count.incrementAndGet() : "holdfast-" + role,
                true);
    }

    /** A numbered daemon factory. */
    public static ThreadFactory factory(String role) {
        return factory(role, true);
    }

    /** Starts one daemon thread now. */
    public static Thread start(String role, Runnable task) {
        Thread thread = make(task, "holdfast-" + role, true);
        thread.start();
        return thread;
    }

    /** Starts one non-daemon thread now: the JVM waits for it (a last save on exit). */
    public static Thread startNonDaemon(String role, Runnable task) {
        Thread thread = make(task, "holdfast-" + role, false);
        thread.start();
        return thread;
    }

    private static Thread make(Runnable task, String name, boolean daemon) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(daemon);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Thread {} died", t.getName(), e));
        return thread;
    }
}
