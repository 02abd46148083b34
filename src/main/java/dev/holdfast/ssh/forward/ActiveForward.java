package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running forward of a connection: its state as a snapshot ({@link #state()}, any thread) and listeners
 * told when its phase or its number of open channels changes (on whichever thread made the change; byte counts
 * change too often to be announced: read them with {@link #state()}).
 */
public abstract class ActiveForward {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveForward.class);

    private final PortForward forward;
    private final Object lock = new Object();
    private ForwardState.Phase phase = ForwardState.Phase.STARTING;
    private int port;
    private String problem = "";
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final List<Consumer<ForwardState>> listeners = new CopyOnWriteArrayList<>();

    ActiveForward(PortForward forward) {
        this.forward = forward;
    }

    public PortForward forward() {
        return forward;
    }

    /** Now, as one consistent phase with counters read just after it. */
    public ForwardState state() {
        ForwardState.Phase p;
        int listening;
        String why;
        synchronized (lock) {
            p = phase;
            listening = port;
            why = problem;
        }
        return new ForwardState(forward, p, listening, why, open.get(), connections.get(), failed.get(),
                bytesIn.get(), bytesOut.get());
    }

    /** Tells {@code listener} of every later change of phase or open channels. */
    public void addListener(Consumer<ForwardState> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ForwardState> listener) {
        listeners.remove(listener);
    }

    /** Starts listening; blocks for as long as that takes (a remote forward waits for the server's reply). */
    abstract void start();

    /** Stops listening and ends the connections it carries. Idempotent. */
    abstract void stop();

    final boolean closed() {
        synchronized (lock) {
            return phase == ForwardState.Phase.CLOSED;
        }
    }

    final void listening(int actualPort) {
        synchronized (lock) {
            if (phase != ForwardState.Phase.STARTING) {
                return;
            }
            phase = ForwardState.Phase.LISTENING;
            port = actualPort;
            problem = "";
        }
        changed();
    }

    /**
     * Back to starting after a failure that may pass (a port still held by the connection this one replaces),
     * with {@code why} as what the person sees meanwhile.
     */
    final void retrying(String why) {
        synchronized (lock) {
            if (phase == ForwardState.Phase.CLOSED) {
                return;
            }
            phase = ForwardState.Phase.STARTING;
            problem = why;
            port = 0;
        }
        changed();
    }

    /**
     * Waits {@code delay} before the next try, ended early by {@link #markClosed} or an interrupt (the
     * connection's pool shut down).
     *
     * @return whether to try again: false once closed
     */
    final boolean waitBeforeRetry(java.time.Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            try {
                for (long left = delay.toNanos(); phase != ForwardState.Phase.CLOSED && left > 0;
                        left = end - System.nanoTime()) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return phase != ForwardState.Phase.CLOSED;
        }
    }

    final void failed(String why) {
        synchronized (lock) {
            if (phase == ForwardState.Phase.CLOSED) {
                return;
            }
            phase = ForwardState.Phase.FAILED;
            problem = why;
            port = 0;
        }
        changed();
    }

    /** Marks it closed; false when it already was. */
    final boolean markClosed() {
        synchronized (lock) {
            if (phase == ForwardState.Phase.CLOSED) {
                return false;
            }
            phase = ForwardState.Phase.CLOSED;
            lock.notifyAll();
        }
        changed();
        return true;
    }

    final void channelOpened() {
        connections.incrementAndGet();
        open.incrementAndGet();
        changed();
    }

    final void channelClosed() {
        open.decrementAndGet();
        changed();
    }

    final void connectionFailed() {
        failed.incrementAndGet();
        changed();
    }

    final int openChannels() {
        return open.get();
    }

    final void countIn(int bytes) {
        bytesIn.addAndGet(bytes);
    }

    final void countOut(int bytes) {
        bytesOut.addAndGet(bytes);
    }

    private void changed() {
        if (listeners.isEmpty()) {
            return;
        }
        ForwardState now = state();
        for (Consumer<ForwardState> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                LOG.warn("A forward's listener failed", e);
            }
        }
    }
}
