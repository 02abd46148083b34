package dev.holdfast.keepalive;

import dev.holdfast.threads.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH keepalives for every connection on one shared scheduler thread (not a thread per connection).
 *
 * <p>Probes follow OpenSSH's ServerAliveInterval / ServerAliveCountMax: a {@code keepalive@openssh.com}
 * request with want-reply is sent when nothing has come from the server for Interval; anything from the
 * server resets the unanswered streak; when a probe falls due while the streak already equals CountMax,
 * the connection is declared dead. With Interval 15 s and CountMax 3, probes go out 15, 30 and 45 s after
 * the server's last byte and the connection is dead at 60 s. Every due time is reckoned from the server's
 * last byte, not from when the previous probe really went out, so a late scheduler thread never adds up
 * to a late verdict. Null packets ({@code SSH_MSG_IGNORE}) go out every Interval, are counted, and never
 * declare anything dead. Nothing is sent or counted while keys are re-exchanged; monitoring starts only
 * once the connection is authenticated (the caller attaches then).
 *
 * <p>{@link #checkAll} probes every watched connection at once (after a wake or a network change, whatever
 * its mode) and declares dead the ones that do not answer within their policy's check deadline.
 * {@link #watchForWake} notices a sleep: Java's monotonic clock stops while the machine sleeps on Linux
 * and macOS, so without it a dead connection would look healthy for up to Interval x (CountMax + 1) of
 * awake time.
 *
 * <p>The scheduler thread only decides; writes (which can block on a full socket or a key exchange) run on
 * a small separate pool, at most one per connection at a time, so one stuck connection never delays another's
 * probes. Replies are taken by the connection's reader thread (a callback), so no thread waits for one: a
 * silent server costs no thread at all.
 */
public final class KeepaliveEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeepaliveEngine.class);
    static final long SUSPECT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where monitors schedule their next decision. */
    public interface Scheduler {
        /** Runs {@code task} after {@code delayNanos}; the result cancels it. */
        Runnable schedule(Runnable task, long delayNanos);
    }

    private final Scheduler scheduler;
    private final Executor io;
    private final LongSupplier clock;
    private final Runnable shutdown;
    private final Set<ProbeMonitor> watched = ConcurrentHashMap.newKeySet();

    /** For tests: a given clock, scheduler and executor for sends. */
    public KeepaliveEngine(LongSupplier clock, Scheduler scheduler, Executor io) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.io = io;
        this.shutdown = () -> { };
    }

    private KeepaliveEngine(ScheduledExecutorService timer) {
        this.clock = System::nanoTime;
        this.scheduler = (task, delay) -> {
            try {
                Future<?> future = timer.schedule(task, Math.max(0, delay), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return () -> { }; // shut down: nothing is watched any more
            }
        };
        SendPool sender = new SendPool(Threads.factory("keepalive-send"), scheduler, clock);
        this.io = sender;
        this.shutdown = () -> {
            timer.shutdownNow();
            sender.shutdownNow();
        };
    }

    /**
     * The app's engine: one daemon scheduler thread that decides, and a small pool ({@link SendPool}: two
     * threads, more only while writes are blocked) that writes probes and null packets. No thread waits for a
     * reply: the connection's reader thread hands it to the monitor when it arrives.
     */
    public static KeepaliveEngine start() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.factory("keepalive", false));
        timer.setRemoveOnCancelPolicy(true);
        return new KeepaliveEngine(timer);
    }

    /** Starts watching a connection. Attach again with {@link Monitor#reattach} after a reconnect. */
    public Monitor monitor(KeepaliveTransport transport, KeepalivePolicy policy, KeepaliveEvents events) {
        ProbeMonitor monitor = new ProbeMonitor(this, policy);
        monitor.reattach(transport, events);
        return monitor;
    }

    /** Probes every watched connection now; each is declared dead unless it answers within its deadline. */
    public void checkAll(CheckReason reason) {
        LOG.info("Checking {} connection(s) {}", watched.size(), reason.phrase());
        List.copyOf(watched).forEach(m -> m.checkNow(reason));
    }

    /**
     * Compares the wall clock with the monotonic one every {@code period} on the scheduler; when the wall
     * clock has run ahead by more than {@code threshold}, the machine slept: {@link #checkAll} with
     * {@link CheckReason#WAKE}. A clock set back is ignored.
     *
     * @param wallMillis the wall clock, {@link System#currentTimeMillis()} outside tests
     * @return stops the watch
     */
    public Runnable watchForWake(LongSupplier wallMillis, Duration period, Duration threshold) {
        WakeWatch watch = new WakeWatch(wallMillis, period.toNanos(), threshold.toNanos());
        watch.schedule();
        return watch::stop;
    }

    /** The engine's scheduler, for other short timed work (a reconnect countdown): tasks must not block. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** How many connections are watched now. */
    public int watchedCount() {
        return watched.size();
    }

    @Override
    public void close() {
        shutdown.run();
    }

    long now() {
        return clock.getAsLong();
    }

    Runnable schedule(Runnable task, long atNanos) {
        return scheduler.schedule(task, atNanos - clock.getAsLong());
    }

    void send(Runnable task) {
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("keepalive send after shutdown dropped");
        }
    }

    void watching(ProbeMonitor monitor, boolean on) {
        if (on) {
            watched.add(monitor);
        } else {
            watched.remove(monitor);
        }
    }

    /** One connection's keepalives and counters; the counters survive {@link #reattach}. */
    public interface Monitor {
        KeepalivePolicy policy();

        /**
         * Watches a new connection (after a reconnect) and reports to {@code events} from now on: the
         * streak starts again from zero, the counters carry on. Nothing reaches the previous events after
         * this returns.
         */
        void reattach(KeepaliveTransport transport, KeepaliveEvents events);

        /** Stops watching (the tab closed or the connection ended). */
        void stop();

        /** The counters now; any thread. */
        HealthSnapshot snapshot();

        /** The round-trip times of the latest answered probes (up to 60), oldest first, in milliseconds. */
        List<Double> recentRttMillis();

        /** Probes now; dead unless the server answers within the policy's check deadline. */
        void checkNow(CheckReason reason);
    }

    /** The periodic comparison of the two clocks. */
    private final class WakeWatch {
        private final LongSupplier wall;
        private final long period;
        private final long threshold;
        private long lastMono;
        private long lastWall;
        private volatile boolean stopped;
        private volatile Runnable cancel = () -> { };

        WakeWatch(LongSupplier wall, long period, long threshold) {
            this.wall = wall;
            this.period = period;
            this.threshold = threshold;
            lastMono = clock.getAsLong();
            lastWall = wall.getAsLong();
        }

        void schedule() {
            if (!stopped) {
                cancel = scheduler.schedule(this::tick, period);
            }
        }

        private void tick() {
            long mono = clock.getAsLong();
            long wallNow = wall.getAsLong();
            long ahead = TimeUnit.MILLISECONDS.toNanos(wallNow - lastWall) - (mono - lastMono);
            lastMono = mono;
            lastWall = wallNow;
            if (ahead > threshold && !stopped) {
                LOG.info("The wall clock ran {} s ahead of the monotonic clock: the computer slept",
                        TimeUnit.NANOSECONDS.toSeconds(ahead));
                checkAll(CheckReason.WAKE);
            }
            schedule();
        }

        void stop() {
            stopped = true;
            cancel.run();
        }
    }
}
