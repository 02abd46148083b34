package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's keepalive rule (see {@link KeepaliveEngine}). Decisions run on the engine's scheduler
 * under this object's lock; every scheduled task and every probe carries the generation it was made for, so
 * nothing from a previous connection acts after {@link #reattach}. Writes go to the engine's pool, at most one
 * at a time per connection; replies come back through a callback on the connection's reader thread, so no
 * thread waits for one.
 */
final class ProbeMonitor implements KeepaliveEngine.Monitor {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeMonitor.class);
    private static final long KEX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KeepaliveEngine engine;
    private final KeepalivePolicy policy;
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong nullPackets = new AtomicLong();
    private final RttStats rtt = new RttStats();
    private volatile KeepaliveTransport transport;
    private volatile KeepaliveEvents events;
    private volatile int streak;
    private volatile long resetMark;
    private volatile long streakStart;
    private volatile long lastNull;
    private volatile long attachedAt;
    private volatile boolean stopped = true;
    private volatile boolean suspected;
    private volatile String deadCause;
    private volatile CheckReason checking;
    private volatile long checkStart;
    private volatile Runnable cancelTick = () -> { };
    private volatile Runnable cancelCheck = () -> { };
    private volatile Runnable cancelSuspect = () -> { };
    private volatile int generation;
    /** The write handed to the pool and not yet returned, if any. */
    private final AtomicReference<Write> writing = new AtomicReference<>();

    /** One write to one connection, handed to the engine's pool at {@code since}. */
    private record Write(KeepaliveTransport transport, long since) {
    }

    ProbeMonitor(KeepaliveEngine engine, KeepalivePolicy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    @Override
    public KeepalivePolicy policy() {
        return policy;
    }

    @Override
    public synchronized void reattach(KeepaliveTransport newTransport, KeepaliveEvents newEvents) {
        cancelTick.run();
        cancelCheck.run();
        cancelSuspect.run();
        generation++;
        transport = newTransport;
        events = newEvents;
        long now = engine.now();
        attachedAt = now;
        resetMark = Math.max(now, newTransport.lastInboundNanos());
        lastNull = now;
        streak = 0;
        suspected = false;
        checking = null;
        deadCause = null;
        stopped = false;
        engine.watching(this, true);
        if (policy.effectiveMode() != KeepaliveMode.OFF) {
            scheduleTick(now + policy.interval().toNanos(), generation);
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        cancelTick.run();
        cancelCheck.run();
        cancelSuspect.run();
        engine.watching(this, false);
    }

    @Override
    public HealthSnapshot snapshot() {
        long now = engine.now();
        KeepaliveTransport t = transport;
        long lastIn = lastInbound(t);
        int unanswered = lastIn > resetMark ? 0 : streak;
        KeepaliveMode mode = policy.effectiveMode();
        HealthSnapshot.State state;
        if (deadCause != null) {
            state = HealthSnapshot.State.DEAD;
        } else if (mode != KeepaliveMode.PROBE) {
            state = HealthSnapshot.State.UNMONITORED;
        } else if (unanswered > 0 && now - streakStart > suspectAfter()) {
            state = HealthSnapshot.State.SUSPECT;
        } else {
            state = HealthSnapshot.State.HEALTHY;
        }
        return new HealthSnapshot(mode, state, probesSent.get(), replies.get(), unanswered, policy.countMax(),
                nullPackets.get(), rtt.last(), rtt.min(), rtt.mean(), rtt.max(),
                Duration.ofNanos(Math.max(0, now - lastIn)), t.bytesIn(), t.bytesOut(),
                Optional.ofNullable(deadCause), Optional.ofNullable(checking));
    }

    @Override
    public List<Double> recentRttMillis() {
        return rtt.recentMillis();
    }

    @Override
    public synchronized void checkNow(CheckReason reason) {
        if (stopped || deadCause != null) {
            return;
        }
        if (checking != null) {
            // a check runs already: its deadline stands. Restarting it would let network changes that come
            // faster than the deadline (a flapping Wi-Fi, other programs' interfaces) keep a dead
            // connection alive for ever.
            return;
        }
        KeepaliveTransport t = transport;
        int forGeneration = generation;
        long now = engine.now();
        long deadline = policy.checkDeadline().toNanos();
        checking = reason;
        checkStart = now;
        events.event("Checking the connection " + reason.phrase() + ": a probe must be answered within "
                + policy.checkDeadline().toSeconds() + " s");
        events.checking(reason);
        probesSent.incrementAndGet();
        write(t, now, "Checking probe", () -> probe(t, forGeneration));
        cancelCheck.run();
        cancelCheck = engine.schedule(() -> checkExpired(forGeneration, now, reason), now + deadline);
    }

    private synchronized void checkExpired(int forGeneration, long started, CheckReason reason) {
        if (stopped || forGeneration != generation || deadCause != null || checkStart != started) {
            return;
        }
        checking = null;
        if (lastInbound(transport) > started) {
            return; // the reply (or any other traffic) came; answered() said so already
        }
        declareDead("No answer within " + policy.checkDeadline().toSeconds() + " s " + reason.phrase(), "");
    }

    private long suspectAfter() {
        return Math.min(KeepaliveEngine.SUSPECT_AFTER_NANOS, policy.interval().toNanos() / 2);
    }

    private long lastInbound(KeepaliveTransport t) {
        return Math.max(t.lastInboundNanos(), attachedAt);
    }

    private void scheduleTick(long when, int forGeneration) {
        cancelTick = engine.schedule(() -> tick(forGeneration), when);
    }

    private synchronized void tick(int forGeneration) {
        if (stopped || forGeneration != generation || deadCause != null) {
            return;
        }
        if (policy.effectiveMode() == KeepaliveMode.NULL_PACKET) {
            nullPacketTick(forGeneration);
            return;
        }
        KeepaliveTransport t = transport;
        long now = engine.now();
        long interval = policy.interval().toNanos();
        long lastIn = lastInbound(t);
        if (lastIn > resetMark) {
            streak = 0;
            resetMark = lastIn;
            recovered();
        }
        // reckoned from the server's last byte: probe n is due at lastIn + n x Interval, dead at
        // lastIn + (CountMax + 1) x Interval, however late this thread ran before
        long due = lastIn + (streak + 1) * interval;
        if (streak >= policy.countMax() && now >= due) {
            long silent = TimeUnit.NANOSECONDS.toMillis(now - lastIn);
            declareDead("No reply to " + streak + " keepalive probe" + (streak == 1 ? "" : "s")
                    + "; the server has been silent for " + Math.round(silent / 1000.0) + " s",
                    " (Interval " + policy.interval().toSeconds() + " s, CountMax " + policy.countMax() + ")");
            return;
        }
        if (notYet(due, now, t, forGeneration)) {
            return;
        }
        if (streak == 0) {
            streakStart = now;
            long suspectAt = now + suspectAfter();
            cancelSuspect = engine.schedule(() -> suspectCheck(forGeneration, lastIn), suspectAt);
        }
        streak++;
        probesSent.incrementAndGet();
        int number = streak;
        if (number > 1) {
            events.event("Keepalive probe unanswered; sending probe " + number + " of " + policy.countMax());
        } else if (policy.logProbes()) {
            events.event("Keepalive probe 1 sent (server silent " + TimeUnit.NANOSECONDS.toMillis(now - lastIn)
                    + " ms)");
        }
        // only the write goes to the pool; the reply comes back through answered(), on the reader thread
        write(t, now, "Keepalive probe " + number, () -> probe(t, forGeneration));
        scheduleTick(lastIn + (streak + 1) * interval, forGeneration);
    }

    /**
     * Whether nothing is to be sent now: before {@code due} the next decision is scheduled for then, and
     * during a key re-exchange a little later.
     */
    private boolean notYet(long due, long now, KeepaliveTransport t, int forGeneration) {
        if (now < due) {
            scheduleTick(due, forGeneration);
            return true;
        }
        if (!t.readyForKeepalive()) {
            scheduleTick(now + KEX_RETRY_NANOS, forGeneration);
            return true;
        }
        return false;
    }

    private void nullPacketTick(int forGeneration) {
        KeepaliveTransport t = transport;
        long now = engine.now();
        long due = lastNull + policy.interval().toNanos();
        if (notYet(due, now, t, forGeneration)) {
            return;
        }
        lastNull = due;
        nullPackets.incrementAndGet();
        KeepaliveEvents to = events;
        write(t, now, "Null packet", () -> {
            try {
                t.sendNullPacket();
                if (policy.logProbes()) {
                    to.event("Null packet sent");
                }
            } catch (Exception e) {
                to.event("Null packet not sent: " + e.getMessage());
            }
        });
        scheduleTick(due + policy.interval().toNanos(), forGeneration);
    }

    private void declareDead(String cause, String rule) {
        deadCause = cause;
        checking = null;
        cancelCheck.run();
        // the verdict first, the console log after: a log write must not make it late
        events.event("Declared dead: " + cause + rule);
        events.dead(cause);
        LOG.info("Declared dead: {}", cause);
    }

    private synchronized void suspectCheck(int forGeneration, long lastInAtFirstProbe) {
        if (stopped || forGeneration != generation || deadCause != null || streak == 0) {
            return;
        }
        if (lastInbound(transport) <= lastInAtFirstProbe && !suspected) {
            suspected = true;
            events.suspect();
        }
    }

    private void recovered() {
        if (suspected || checking != null) {
            suspected = false;
            checking = null;
            cancelCheck.run();
            events.alive();
        }
    }

    /**
     * Hands {@code task} (one write to {@code t}) to the engine's pool, unless the previous write to the same
     * connection has not returned yet: then the socket's send buffer is full or a key exchange holds the
     * write, and another write would only block one more thread. The probe still counts (the verdict comes on
     * time from the scheduler, which never writes); the event log says why it was not written.
     */
    private void write(KeepaliveTransport t, long now, String what, Runnable task) {
        Write busy = writing.get();
        if (busy != null && busy.transport() == t) {
            events.event(what + " not written: the previous write to the server has not returned after "
                    + TimeUnit.NANOSECONDS.toMillis(now - busy.since()) + " ms (its send buffer is full)");
            return;
        }
        Write write = new Write(t, now);
        writing.set(write);
        engine.send(() -> {
            try {
                task.run();
            } finally {
                writing.compareAndSet(write, null);
            }
        });
    }

    private void probe(KeepaliveTransport t, int forGeneration) {
        try {
            t.sendProbe(rttNanos -> answered(rttNanos, forGeneration));
        } catch (Exception e) {
            KeepaliveEvents to = events;
            if (forGeneration == generation && !stopped) {
                to.event("Keepalive probe not sent: " + e.getMessage());
            }
        }
    }

    /**
     * A reply, on the thread that took it (the connection's reader thread). One that comes after the verdict,
     * after {@link #stop}, or to a probe of the previous connection changes nothing and is not counted.
     */
    private synchronized void answered(long rttNanos, int forGeneration) {
        if (forGeneration != generation || stopped || deadCause != null) {
            return;
        }
        rtt.add(rttNanos);
        replies.incrementAndGet();
        if (policy.logProbes()) {
            events.event(String.format(java.util.Locale.ROOT, "Keepalive reply after %.1f ms", rttNanos / 1e6));
        }
        recovered();
        if (policy.effectiveMode() == KeepaliveMode.PROBE) {
            // The reply is the server's latest byte: the next probe falls due one Interval from now. Without
            // this the scheduler woke for the suspect check and at the tick planned before the reply, only
            // to find that nothing was due yet and schedule again: three wake-ups per probe instead of one.
            cancelSuspect.run();
            cancelTick.run();
            scheduleTick(Math.max(engine.now(), lastInbound(transport)) + policy.interval().toNanos(),
                    forGeneration);
        }
    }
}
