package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The keepalive rule on a fake clock with a fake transport: exact due times, resets, key exchange. */
class KeepaliveEngineTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    /** Virtual time: tasks run in due order as the test advances the clock. */
    static final class FakeTime implements KeepaliveEngine.Scheduler {
        private record Task(long due, long seq, Runnable run, boolean[] cancelled) { }

        private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
                ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
        long now;
        long lateness;
        /** Tasks run (not cancelled): each one a wake-up of the real scheduler thread. */
        int ran;
        private long seq;

        @Override
        public Runnable schedule(Runnable task, long delayNanos) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + Math.max(0, delayNanos) + lateness, seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advanceTo(long time) {
            while (!tasks.isEmpty() && tasks.peek().due <= time) {
                Task task = tasks.poll();
                now = task.due;
                if (!task.cancelled[0]) {
                    ran++;
                    task.run.run();
                }
            }
            now = time;
        }
    }

    /** A server that answers probes (after {@code rtt}) unless silenced. */
    static final class FakeTransport implements KeepaliveTransport {
        private final FakeTime time;
        long lastInbound;
        boolean answering;
        long rtt = 2_000_000;
        boolean ready = true;
        IOException failWith;
        final List<Long> probes = new ArrayList<>();
        /** Every probe's reply callback, answered or not, so a test can deliver a reply when it likes. */
        final List<LongConsumer> replyCallbacks = new ArrayList<>();
        final List<Long> nullPackets = new ArrayList<>();

        FakeTransport(FakeTime time) {
            this.time = time;
        }

        @Override
        public long lastInboundNanos() {
            return lastInbound;
        }

        @Override
        public long bytesIn() {
            return 0;
        }

        @Override
        public long bytesOut() {
            return 0;
        }

        @Override
        public boolean readyForKeepalive() {
            return ready;
        }

        @Override
        public void sendProbe(LongConsumer onReply) throws IOException {
            if (failWith != null) {
                throw failWith;
            }
            probes.add(time.now);
            replyCallbacks.add(onReply);
            if (answering) {
                time.schedule(() -> {
                    lastInbound = time.now;
                    onReply.accept(rtt);
                }, rtt);
            }
        }

        @Override
        public void sendNullPacket() {
            nullPackets.add(time.now);
        }
    }

    static final class Recorder implements KeepaliveEvents {
        final List<String> events = new ArrayList<>();
        final List<String> dead = new ArrayList<>();
        final List<Long> deadAt = new ArrayList<>();
        final List<CheckReason> checks = new ArrayList<>();
        int alive;
        int suspects;
        private final FakeTime time;

        Recorder(FakeTime time) {
            this.time = time;
        }

        @Override
        public void event(String message) {
            events.add(message);
        }

        @Override
        public void dead(String cause) {
            dead.add(cause);
            deadAt.add(time.now);
        }

        @Override
        public void checking(CheckReason reason) {
            checks.add(reason);
        }

        @Override
        public void alive() {
            alive++;
        }

        @Override
        public void suspect() {
            suspects++;
        }
    }

    private final FakeTime time = new FakeTime();
    private final FakeTransport server = new FakeTransport(time);
    private final Recorder recorder = new Recorder(time);
    private final KeepaliveEngine engine = new KeepaliveEngine(() -> time.now, time, Runnable::run);

    private KeepaliveEngine.Monitor watch(KeepaliveMode mode, int intervalSeconds, int countMax) {
        return engine.monitor(server, new KeepalivePolicy(mode, Duration.ofSeconds(intervalSeconds), countMax),
                recorder);
    }

    @Test
    void aSilentServerGetsProbesAt15_30_45AndIsDeadAt60() {
        watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(200 * S);
        assertEquals(List.of(15 * S, 30 * S, 45 * S), server.probes);
        assertEquals(List.of(60 * S), recorder.deadAt);
        assertEquals(1, recorder.dead.size(), "declared dead once");
        assertEquals("No reply to 3 keepalive probes; the server has been silent for 60 s", recorder.dead.get(0));
    }

    @Test
    void theSnapshotCountsTheUnansweredStreakAndTurnsSuspectThenDead() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(15 * S);
        assertEquals(1, monitor.snapshot().unanswered());
        assertEquals(HealthSnapshot.State.HEALTHY, monitor.snapshot().state(), "just sent: not yet suspect");
        time.advanceTo(17 * S);
        assertEquals(HealthSnapshot.State.SUSPECT, monitor.snapshot().state());
        assertEquals(Duration.ofSeconds(17), monitor.snapshot().serverSilent());
        time.advanceTo(60 * S);
        HealthSnapshot dead = monitor.snapshot();
        assertEquals(HealthSnapshot.State.DEAD, dead.state());
        assertEquals(3, dead.unanswered());
        assertEquals(3, dead.probesSent());
        assertEquals(0, dead.repliesReceived());
        assertTrue(dead.deadCause().isPresent());
    }

    @Test
    void anyInboundDataResetsTheStreakAndMovesTheNextProbe() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(40 * S);
        assertEquals(2, monitor.snapshot().unanswered());
        server.lastInbound = 40 * S;
        assertEquals(0, monitor.snapshot().unanswered(), "output from the server counts at once");
        time.advanceTo(200 * S);
        assertEquals(List.of(15 * S, 30 * S, 55 * S, 70 * S, 85 * S), server.probes);
        assertEquals(List.of(100 * S), recorder.deadAt);
    }

    @Test
    void answeredProbesKeepItHealthyAndMeasureTheRoundTrip() {
        server.answering = true;
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 10, 3);
        time.advanceTo(100 * S);
        HealthSnapshot snapshot = monitor.snapshot();
        assertEquals(List.of(), recorder.dead);
        assertEquals(9, snapshot.probesSent(), "one probe each Interval after the last reply");
        assertEquals(9, snapshot.repliesReceived());
        assertEquals(0, snapshot.unanswered());
        assertEquals(HealthSnapshot.State.HEALTHY, snapshot.state());
        assertEquals(Duration.ofMillis(2), snapshot.lastRtt().orElseThrow());
        assertEquals(Duration.ofMillis(2), snapshot.avgRtt().orElseThrow());
    }

    @Test
    void anAnsweredProbeCostsTheSchedulerOneWakeUpAndTheNextProbeIsStillOneIntervalAfterTheReply() {
        server.answering = true;
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        long reply = 15 * S + server.rtt;
        time.advanceTo(reply); // the first probe sent and answered
        int before = time.ran;
        time.advanceTo(160 * S);
        List<Long> expected = new ArrayList<>();
        for (long at = reply + 15 * S; at <= 160 * S; at += 15 * S + server.rtt) {
            expected.add(at);
        }
        assertEquals(expected, server.probes.subList(1, server.probes.size()),
                "each probe one Interval after the previous reply, as before");
        // per probe: the tick that sends it and the fake server's reply; no suspect check and no early tick
        // that finds nothing due
        assertEquals(2 * expected.size(), time.ran - before);
        assertEquals(0, monitor.snapshot().unanswered());
        assertEquals(HealthSnapshot.State.HEALTHY, monitor.snapshot().state());
    }

    @Test
    void aReplySlowerThanTheSuspectDelayStillMakesItSuspectThenAlive() {
        server.answering = true;
        server.rtt = 3 * S;
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(17 * S);
        assertEquals(HealthSnapshot.State.SUSPECT, monitor.snapshot().state());
        assertEquals(1, recorder.suspects, "the suspect check still runs while the reply is out");
        time.advanceTo(18 * S + 1);
        assertEquals(HealthSnapshot.State.HEALTHY, monitor.snapshot().state());
        assertEquals(1, recorder.alive);
        time.advanceTo(33 * S + 1);
        assertEquals(List.of(15 * S, 33 * S), server.probes, "the next one an Interval after the reply");
        assertEquals(List.of(), recorder.dead);
    }

    @Test
    void nothingIsSentOrCountedDuringAKeyExchange() {
        watch(KeepaliveMode.PROBE, 15, 3);
        server.ready = false;
        time.advanceTo(20 * S);
        assertEquals(List.of(), server.probes);
        server.ready = true;
        time.advanceTo(20 * S + S / 10);
        assertEquals(1, server.probes.size());
        assertTrue(server.probes.get(0) > 20 * S - S / 5, "sent right after the exchange: " + server.probes);
    }

    @Test
    void nothingIsCountedBeforeAuthenticationCompletes() {
        server.ready = false;
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 1, 3);
        time.advanceTo(30 * S);
        assertEquals(List.of(), server.probes, "a slow login is not a dead server");
        assertEquals(List.of(), recorder.dead);
        assertEquals(0, monitor.snapshot().unanswered());
        server.ready = true;
        time.advanceTo(40 * S);
        assertEquals(3, server.probes.size(), "counting starts once authenticated");
        assertEquals(1, recorder.dead.size());
    }

    @Test
    void nullPacketsGoOutEveryIntervalAndNeverDeclareDeath() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.NULL_PACKET, 5, 3);
        time.advanceTo(60 * S);
        assertEquals(12, server.nullPackets.size());
        assertEquals(List.of(), server.probes);
        assertEquals(List.of(), recorder.dead);
        assertEquals(HealthSnapshot.State.UNMONITORED, monitor.snapshot().state());
        assertEquals(12, monitor.snapshot().nullPacketsSent());
    }

    @Test
    void offAndIntervalZeroSendNothing() {
        KeepaliveEngine.Monitor off = watch(KeepaliveMode.OFF, 15, 3);
        KeepaliveEngine.Monitor zero = watch(KeepaliveMode.PROBE, 0, 3);
        time.advanceTo(1000 * S);
        assertEquals(List.of(), server.probes);
        assertEquals(List.of(), server.nullPackets);
        assertEquals(HealthSnapshot.State.UNMONITORED, off.snapshot().state());
        assertEquals(KeepaliveMode.OFF, zero.snapshot().mode());
    }

    @Test
    void reattachingAfterAReconnectResetsTheStreakAndKeepsTheCounters() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(60 * S);
        assertEquals(HealthSnapshot.State.DEAD, monitor.snapshot().state());
        FakeTransport fresh = new FakeTransport(time);
        fresh.lastInbound = 70 * S;
        time.advanceTo(70 * S);
        Recorder next = new Recorder(time);
        monitor.reattach(fresh, next);
        HealthSnapshot after = monitor.snapshot();
        assertEquals(HealthSnapshot.State.HEALTHY, after.state());
        assertEquals(0, after.unanswered());
        assertEquals(3, after.probesSent(), "history kept");
        time.advanceTo(85 * S);
        assertEquals(List.of(85 * S), fresh.probes);
        time.advanceTo(200 * S);
        assertEquals(List.of(130 * S), next.deadAt, "the new connection's death reaches the new listener");
        assertEquals(List.of(60 * S), recorder.deadAt, "and nothing more reaches the old one");
    }

    @Test
    void withTheProbeLogOnEveryProbeAndReplyIsLogged() {
        server.answering = true;
        engine.monitor(server, new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3,
                KeepalivePolicy.DEFAULT_CHECK_DEADLINE, true), recorder);
        time.advanceTo(31 * S);
        assertEquals(2, recorder.events.stream().filter(e -> e.startsWith("Keepalive probe 1 sent")).count(),
                recorder.events.toString());
        assertEquals(2, recorder.events.stream().filter(e -> e.startsWith("Keepalive reply after 2.0 ms")).count(),
                recorder.events.toString());
    }

    @Test
    void withoutTheProbeLogAnsweredProbesLeaveNoLine() {
        server.answering = true;
        watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(100 * S);
        assertEquals(List.of(), recorder.events);
    }

    @Test
    void aLateSchedulerThreadDoesNotMakeTheVerdictLate() {
        time.lateness = 20_000_000; // every task runs 20 ms after it was due
        watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(200 * S);
        assertEquals(1, recorder.deadAt.size());
        long late = recorder.deadAt.get(0) - 60 * S;
        assertTrue(late <= 20_000_000, "declared dead " + late / 1e6 + " ms after the rule");
    }

    @Test
    void aWallClockJumpAheadOfTheMonotonicClockChecksEveryConnection() {
        long[] wall = {5_000_000L};
        watch(KeepaliveMode.PROBE, 15, 3);
        engine.watchForWake(() -> wall[0], Duration.ofSeconds(1), Duration.ofSeconds(3));
        for (int i = 1; i <= 10; i++) {
            wall[0] += 1000;
            time.advanceTo(i * S);
        }
        assertTrue(recorder.checks.isEmpty(), "no wake while both clocks agree: " + recorder.checks);
        wall[0] += 3_600_000; // an hour asleep: the monotonic clock did not count it
        time.advanceTo(11 * S);
        assertEquals(List.of(CheckReason.WAKE), recorder.checks);
        wall[0] -= 600_000; // a clock set back is no wake
        time.advanceTo(12 * S);
        assertEquals(List.of(CheckReason.WAKE), recorder.checks);
    }

    @Test
    void aCheckAfterAWakeIsDeadAtTheDeadlineWhenNothingAnswers() {
        watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(2 * S);
        engine.checkAll(CheckReason.WAKE);
        assertEquals(List.of(2 * S), server.probes);
        time.advanceTo(7 * S);
        assertEquals(List.of(7 * S), recorder.deadAt);
        assertEquals(List.of("No answer within 5 s after the computer woke from sleep"), recorder.dead);
    }

    @Test
    void networkChangesComingFasterThanTheDeadlineDoNotPostponeIt() {
        watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(2 * S);
        for (int i = 0; i < 5; i++) { // a change every second, from 2 s on
            engine.checkAll(CheckReason.NETWORK_CHANGE);
            time.advanceTo((3 + i) * S);
        }
        assertEquals(List.of(7 * S), recorder.deadAt, "dead at the first check's deadline");
        assertEquals(List.of(2 * S), server.probes, "one check probe, not one per change");
    }

    @Test
    void aCheckProbesEvenAConnectionWithNullPacketsOrKeepalivesOff() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.OFF, 15, 3);
        time.advanceTo(2 * S);
        engine.checkAll(CheckReason.NETWORK_CHANGE);
        assertEquals(CheckReason.NETWORK_CHANGE, monitor.snapshot().checking().orElseThrow());
        time.advanceTo(8 * S);
        assertEquals(List.of(7 * S), recorder.deadAt);
        assertTrue(monitor.snapshot().checking().isEmpty());
    }

    @Test
    void stoppedMonitorsSendNothingMore() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(16 * S);
        monitor.stop();
        time.advanceTo(100 * S);
        assertEquals(List.of(15 * S), server.probes);
        assertFalse(monitor.snapshot().deadCause().isPresent());
    }

    @Test
    void aReplyAfterTheConnectionWasDeclaredDeadChangesNothing() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(60 * S);
        assertEquals(List.of(60 * S), recorder.deadAt);
        time.advanceTo(61 * S);
        server.lastInbound = time.now; // the first probe's answer, far too late
        server.replyCallbacks.get(0).accept(46 * S);
        HealthSnapshot after = monitor.snapshot();
        assertEquals(HealthSnapshot.State.DEAD, after.state());
        assertEquals(0, after.repliesReceived(), "a reply after the verdict is not counted");
        assertTrue(after.lastRtt().isEmpty(), "nor timed");
        assertEquals(0, recorder.alive, "and does not bring the connection back");
        assertEquals(1, recorder.dead.size());
    }

    @Test
    void aReplyToAProbeOfThePreviousConnectionDoesNotCountForTheNewOne() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(20 * S);
        assertEquals(1, server.replyCallbacks.size());
        FakeTransport fresh = new FakeTransport(time);
        fresh.lastInbound = 20 * S;
        Recorder next = new Recorder(time);
        monitor.reattach(fresh, next);
        time.advanceTo(35 * S);
        assertEquals(List.of(35 * S), fresh.probes);
        server.replyCallbacks.get(0).accept(21 * S); // the old connection's probe, answered now
        HealthSnapshot after = monitor.snapshot();
        assertEquals(0, after.repliesReceived(), "the old connection's reply is not the new one's");
        assertEquals(1, after.unanswered(), "the new connection's probe is still unanswered");
        assertEquals(0, next.alive);
        fresh.replyCallbacks.get(0).accept(3_000_000); // the new connection's own reply counts
        assertEquals(1, monitor.snapshot().repliesReceived());
        assertEquals(Duration.ofMillis(3), monitor.snapshot().lastRtt().orElseThrow());
    }

    @Test
    void aReplyThatComesAfterTheNextProbeWasSentStillCountsWithItsRoundTrip() {
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(31 * S);
        assertEquals(List.of(15 * S, 30 * S), server.probes);
        server.lastInbound = time.now;
        server.replyCallbacks.get(0).accept(16 * S);
        HealthSnapshot after = monitor.snapshot();
        assertEquals(1, after.repliesReceived());
        assertEquals(Duration.ofSeconds(16), after.lastRtt().orElseThrow());
        assertEquals(0, after.unanswered());
        time.advanceTo(200 * S);
        assertEquals(List.of(91 * S), recorder.deadAt, "dead (CountMax + 1) Intervals after that reply");
    }

    @Test
    void aProbeThatCannotBeWrittenIsLoggedAndCountsAsUnanswered() {
        server.failWith = new IOException("Broken pipe");
        KeepaliveEngine.Monitor monitor = watch(KeepaliveMode.PROBE, 15, 3);
        time.advanceTo(200 * S);
        assertEquals(3, recorder.events.stream().filter(e -> e.equals("Keepalive probe not sent: Broken pipe")).count(),
                recorder.events.toString());
        assertEquals(List.of(60 * S), recorder.deadAt, "dead on time all the same");
        assertEquals(3, monitor.snapshot().probesSent());
    }

    @Test
    void whileAWriteHasNotReturnedTheNextProbeIsCountedButNotWrittenAndTheVerdictIsOnTime() {
        List<Runnable> handedToPool = new ArrayList<>();
        KeepaliveEngine stuckPool = new KeepaliveEngine(() -> time.now, time, handedToPool::add);
        KeepaliveEngine.Monitor monitor = stuckPool.monitor(server,
                new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3), recorder);
        time.advanceTo(15 * S);
        assertEquals(1, handedToPool.size(), "probe 1 handed to the pool, whose write blocks (a full socket)");
        time.advanceTo(30 * S);
        assertEquals(1, handedToPool.size(), "probe 2 would only block a second thread on the same socket");
        assertTrue(recorder.events.contains("Keepalive probe 2 not written: the previous write to the server has not"
                + " returned after 15000 ms (its send buffer is full)"), recorder.events.toString());
        assertEquals(2, monitor.snapshot().unanswered());
        time.advanceTo(31 * S);
        handedToPool.get(0).run(); // the write finally returns
        time.advanceTo(45 * S);
        assertEquals(2, handedToPool.size(), "probe 3 is written again");
        time.advanceTo(60 * S);
        assertEquals(List.of(60 * S), recorder.deadAt);
    }

    @Test
    void aBlockedWriteOnTheOldConnectionDoesNotHoldBackTheNewOne() {
        List<Runnable> handedToPool = new ArrayList<>();
        KeepaliveEngine stuckPool = new KeepaliveEngine(() -> time.now, time, handedToPool::add);
        KeepaliveEngine.Monitor monitor = stuckPool.monitor(server,
                new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(15), 3), recorder);
        time.advanceTo(16 * S);
        assertEquals(1, handedToPool.size());
        FakeTransport fresh = new FakeTransport(time);
        fresh.lastInbound = 16 * S;
        monitor.reattach(fresh, new Recorder(time));
        time.advanceTo(31 * S);
        assertEquals(2, handedToPool.size(), "the new connection's probe goes to the pool");
        handedToPool.get(1).run();
        assertEquals(List.of(31 * S), fresh.probes);
    }
}
