package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * the server's last byte and the connection is dead at 60 s. Null packets ({@code SSH_MSG_IGNORE}) go out
 * every Interval, are counted, and never declare anything dead. Nothing is sent or counted while keys
 * are re-exchanged; monitoring starts only once the connection is authenticated (the caller attaches then).
 *
 * <p>The scheduler thread only decides; sends (which can block on a full socket or a key exchange) run on
 * a separate pool, so one stuck connection never delays another's probes.
 */
public final class KeepaliveEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeepaliveEngine.class);
    private static final long SUSPECT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long KEX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Where monitors schedule their next decision. */
    public interface Scheduler {
        /** Runs {@code task} after {@code delayNanos}; the result cancels it. */
        Runnable schedule(Runnable task, long delayNanos);
    }

    private final Scheduler scheduler;
    private final Executor io;
    private final LongSupplier clock;
    private final Runnable shutdown;

    /** For tests: a given clock, scheduler and executor for sends. */
    public KeepaliveEngine(LongSupplier clock, Scheduler scheduler, Executor io) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.io = io;
        this.shutdown = () -> { };
    }

    private KeepaliveEngine(ScheduledExecutorService timer, ExecutorService sender) {
        this.clock = System::nanoTime;
        this.scheduler = (task, delay) -> {
            Future<?> future = timer.schedule(task, Math.max(0, delay), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
        this.io = sender;
        this.shutdown = () -> {
            timer.shutdownNow();
            sender.shutdownNow();
        };
    }

    /**
     * The app's engine: one daemon scheduler thread, and a pool for sends that grows with need. A probe's
     * sender waits for the reply (SSHJ offers no callback) at most one Interval, so a healthy connection
     * holds a sender for one round trip and a silent one holds at most one.
     */
    public static KeepaliveEngine start() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "holdfast-keepalive"));
        timer.setRemoveOnCancelPolicy(true);
        AtomicInteger count = new AtomicInteger();
        ExecutorService sender = Executors.newCachedThreadPool(r -> daemon(r,
                "holdfast-keepalive-send-" + count.incrementAndGet()));
        return new KeepaliveEngine(timer, sender);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts watching a connection. Attach again with {@link Monitor#reattach} after a reconnect. */
    public Monitor monitor(KeepaliveTransport transport, KeepalivePolicy policy, KeepaliveEvents events) {
        Monitor monitor = new Monitor(policy, events);
        monitor.reattach(transport);
        return monitor;
    }

    @Override
    public void close() {
        shutdown.run();
    }

    /** One connection's keepalives and counters; the counters survive {@link #reattach}. */
    public final class Monitor {
        private final KeepalivePolicy policy;
        private final KeepaliveEvents events;
        private final AtomicLong probesSent = new AtomicLong();
        private final AtomicLong replies = new AtomicLong();
        private final AtomicLong nullPackets = new AtomicLong();
        private final AtomicLong lastRtt = new AtomicLong(-1);
        private final AtomicLong minRtt = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong maxRtt = new AtomicLong(-1);
        private final AtomicLong rttSum = new AtomicLong();
        private final AtomicLong rttCount = new AtomicLong();
        private final java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
        private volatile KeepaliveTransport transport;
        private volatile int streak;
        private volatile long resetMark;
        private volatile long lastProbe;
        private volatile long streakStart;
        private volatile long lastNull;
        private volatile long attachedAt;
        private volatile boolean stopped;
        private volatile String deadCause;
        private volatile Runnable cancel = () -> { };
        private volatile int generation;

        private Monitor(KeepalivePolicy policy, KeepaliveEvents events) {
            this.policy = policy;
            this.events = events;
        }

        public KeepalivePolicy policy() {
            return policy;
        }

        /**
         * Watches a new connection (after a reconnect): the streak starts again from zero, the counters
         * carry on.
         */
        public synchronized void reattach(KeepaliveTransport newTransport) {
            cancel.run();
            generation++;
            transport = newTransport;
            long now = clock.getAsLong();
            attachedAt = now;
            resetMark = Math.max(now, newTransport.lastInboundNanos());
            lastProbe = Long.MIN_VALUE;
            lastNull = now;
            streak = 0;
            deadCause = null;
            stopped = false;
            KeepaliveMode mode = policy.effectiveMode();
            if (mode != KeepaliveMode.OFF) {
                scheduleAt(now + policy.interval().toNanos(), generation);
            }
        }

        /** Stops watching (the tab closed or the connection ended). */
        public synchronized void stop() {
            stopped = true;
            cancel.run();
        }

        public HealthSnapshot snapshot() {
            long now = clock.getAsLong();
            KeepaliveTransport t = transport;
            long lastIn = Math.max(t.lastInboundNanos(), attachedAt);
            int unanswered = lastIn > resetMark ? 0 : streak;
            KeepaliveMode mode = policy.effectiveMode();
            HealthSnapshot.State state;
            if (deadCause != null) {
                state = HealthSnapshot.State.DEAD;
            } else if (mode != KeepaliveMode.PROBE) {
                state = HealthSnapshot.State.UNMONITORED;
            } else if (unanswered > 0
                    && now - streakStart > Math.min(SUSPECT_AFTER_NANOS, policy.interval().toNanos() / 2)) {
                state = HealthSnapshot.State.SUSPECT;
            } else {
                state = HealthSnapshot.State.HEALTHY;
            }
            long count = rttCount.get();
            return new HealthSnapshot(mode, state, probesSent.get(), replies.get(), unanswered, policy.countMax(),
                    nullPackets.get(), duration(lastRtt.get()), count == 0 ? Optional.empty() : duration(minRtt.get()),
                    count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rttSum.get() / count)),
                    duration(maxRtt.get()), Duration.ofNanos(Math.max(0, now - lastIn)), t.bytesIn(), t.bytesOut(),
                    Optional.ofNullable(deadCause));
        }

        private Optional<Duration> duration(long nanos) {
            return nanos < 0 || nanos == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
        }

        private void scheduleAt(long when, int forGeneration) {
            cancel = scheduler.schedule(() -> tick(forGeneration), when - clock.getAsLong());
        }

        private synchronized void tick(int forGeneration) {
            if (stopped || forGeneration != generation || deadCause != null) {
                return;
            }
            KeepaliveTransport t = transport;
            long now = clock.getAsLong();
            long interval = policy.interval().toNanos();
            if (policy.effectiveMode() == KeepaliveMode.NULL_PACKET) {
                long due = lastNull + interval;
                if (now < due) {
                    scheduleAt(due, forGeneration);
                    return;
                }
                if (!t.readyForKeepalive()) {
                    scheduleAt(now + KEX_RETRY_NANOS, forGeneration);
                    return;
                }
                lastNull = now;
                nullPackets.incrementAndGet();
                io.execute(() -> {
                    try {
                        t.sendNullPacket();
                    } catch (Exception e) {
                        events.event("Null packet not sent: " + e.getMessage());
                    }
                });
                scheduleAt(now + interval, forGeneration);
                return;
            }
            long lastIn = Math.max(t.lastInboundNanos(), attachedAt);
            if (lastIn > resetMark) {
                streak = 0;
                resetMark = lastIn;
            }
            long due = Math.max(lastIn, lastProbe) + interval;
            if (now < due) {
                scheduleAt(due, forGeneration);
                return;
            }
            if (!t.readyForKeepalive()) {
                scheduleAt(now + KEX_RETRY_NANOS, forGeneration);
                return;
            }
            if (streak >= policy.countMax()) {
                long silent = TimeUnit.NANOSECONDS.toMillis(now - lastIn);
                deadCause = "No reply to " + streak + " keepalive probe" + (streak == 1 ? "" : "s")
                        + "; the server has been silent for " + Math.round(silent / 1000.0) + " s";
                LOG.info("Declared dead: {}", deadCause);
                events.event("Declared dead: " + deadCause + " (Interval " + policy.interval().toSeconds()
                        + " s, CountMax " + policy.countMax() + ")");
                events.dead(deadCause);
                return;
            }
            if (streak == 0) {
                streakStart = now;
            }
            streak++;
            lastProbe = now;
            probesSent.incrementAndGet();
            int number = streak;
            if (number > 1) {
                events.event("Keepalive probe unanswered; sending probe " + number + " of " + policy.countMax());
            }
            // wait for the reply at most until the next probe falls due: one waiting sender per silent connection
            long wait = interval;
            io.execute(() -> {
                try {
                    t.sendProbe(wait, rtt -> answered(rtt));
                } catch (Exception e) {
                    events.event("Keepalive probe not sent: " + e.getMessage());
                }
            });
            scheduleAt(now + interval, forGeneration);
        }

        /** The round-trip times of the latest answered probes (up to 60), oldest first, in milliseconds. */
        public List<Double> recentRttMillis() {
            synchronized (recent) {
                return List.copyOf(recent);
            }
        }

        private void answered(long rtt) {
            synchronized (recent) {
                recent.addLast(rtt / 1e6);
                while (recent.size() > 60) {
                    recent.removeFirst();
                }
            }
            replies.incrementAndGet();
            lastRtt.set(rtt);
            minRtt.accumulateAndGet(rtt, Math::min);
            maxRtt.accumulateAndGet(rtt, Math::max);
            rttSum.addAndGet(rtt);
            rttCount.incrementAndGet();
        }
    }
}
