package dev.holdfast.ssh;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connect timeout of one attempt, on a shared scheduler: it covers the TCP connect and the SSH
 * handshake but not the time a person spends answering the host-key question (paused meanwhile, then
 * given its whole length again, as before). SSHJ has no read timeout for the server's greeting, so when
 * the time is up this runs {@code onExpiry} (which closes the socket). Thread-safe: the connecting thread
 * starts, pauses and stops it; the scheduler's thread fires it.
 */
final class HandshakeDeadline {
    private final ScheduledExecutorService scheduler;
    private final Duration limit;
    private final Runnable onExpiry;
    private ScheduledFuture<?> pending;
    private boolean running;
    private boolean fired;
    /** Tells a late-running expiry of an earlier start from the current one. */
    private long generation;

    HandshakeDeadline(ScheduledExecutorService scheduler, Duration limit, Runnable onExpiry) {
        this.scheduler = scheduler;
        this.limit = limit;
        this.onExpiry = onExpiry;
    }

    /** Starts (or, after {@link #pause}, restarts) the full limit from now. */
    synchronized void start() {
        cancelPending();
        running = true;
        long mine = ++generation;
        pending = scheduler.schedule(() -> expire(mine), limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the clock while a person is answering; {@link #start} sets it going again. */
    synchronized void pause() {
        cancelPending();
    }

    /** The handshake is over (or failed): the deadline can no longer fire. */
    synchronized void stop() {
        running = false;
        cancelPending();
    }

    /** Whether the deadline ran out and closed the connection. */
    synchronized boolean fired() {
        return fired;
    }

    private void expire(long scheduled) {
        synchronized (this) {
            if (!running || pending == null || fired || scheduled != generation) {
                return;
            }
            fired = true;
            running = false;
            pending = null;
        }
        onExpiry.run();
    }

    private void cancelPending() {
        generation++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
