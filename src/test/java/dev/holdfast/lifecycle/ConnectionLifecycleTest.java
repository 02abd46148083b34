package dev.holdfast.lifecycle;

import static dev.holdfast.testing.FakeTime.MILLI;
import static dev.holdfast.testing.FakeTime.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.CheckReason;
import dev.holdfast.keepalive.KeepaliveEngine;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.testing.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every state and transition of a tab's connection on fake time: the keepalive engine is real, the
 * connections and attempts are fakes the test drives. Probes at Interval 5 s, CountMax 3: dead 20 s after
 * the server's last byte, whatever came before.
 */
class ConnectionLifecycleTest {
    private final FakeTime time = new FakeTime();
    private final KeepaliveEngine engine = new KeepaliveEngine(time::now, time, Runnable::run);
    private final FakeDialer dialer = new FakeDialer();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<LinkState> states = new ArrayList<>();
    private LifecyclePolicy policy = policy(5, 3, false);
    private final ConnectionLifecycle<FakeLink> lifecycle = new ConnectionLifecycle<>(dialer, () -> policy,
            new ConnectionLifecycle.Wiring(engine, time, time::now, Runnable::run, Runnable::run, log::add, () -> 0.5));
    private int made;

    ConnectionLifecycleTest() {
        lifecycle.addListener(s -> {
            if (states.isEmpty() || states.get(states.size() - 1) != s.state()) {
                states.add(s.state()); // the state changes; a new step within a state is not counted here
            }
        });
    }

    private static LifecyclePolicy policy(int interval, int countMax, boolean auto) {
        return new LifecyclePolicy("me@host", new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(interval),
                countMax), "probes", auto, 5, Duration.ofSeconds(2));
    }

    private LinkState state() {
        return lifecycle.status().state();
    }

    /** Connects (the person asked) and completes the attempt with a new connection. */
    private FakeLink connectNow() {
        lifecycle.connect();
        return completeAttempt();
    }

    private FakeLink completeAttempt() {
        assertTrue(state().connecting(), "an attempt runs: " + state());
        FakeLink link = new FakeLink("link" + ++made, time);
        dialer.last().connected(link);
        assertEquals(LinkState.LIVE, state());
        return link;
    }

    /** Silences the server and checks the connection is declared dead exactly at 4 x 5 s after its last byte. */
    private void assertDeadAtTheRule(FakeLink link) {
        time.advance(SECOND);
        link.silence();
        long lastByte = link.lastInbound;
        time.advanceTo(lastByte + 20 * SECOND - MILLI);
        assertTrue(state().live(), "still live 1 ms before the rule: " + state());
        time.advanceTo(lastByte + 20 * SECOND);
        assertTrue(state() == LinkState.DEAD || state() == LinkState.COUNTDOWN, "dead at the rule: " + state());
        assertTrue(lifecycle.status().cause().startsWith("No reply to 3 keepalive probes"),
                lifecycle.status().cause());
        assertTrue(link.closed, "the dead connection is closed");
    }

    @Test
    void aFirstConnectionGoesConnectingThenLive() {
        lifecycle.connect();
        assertEquals(LinkState.CONNECTING, state());
        dialer.last().progress("Authenticating as me");
        assertEquals("Authenticating as me", lifecycle.status().step());
        FakeLink link = completeAttempt();
        assertEquals(link, lifecycle.status().link().orElseThrow());
        assertTrue(lifecycle.status().everConnected());
        assertEquals(List.of(LinkState.CONNECTING, LinkState.LIVE), states);
        assertTrue(log.contains("Connecting to me@host"), log.toString());
    }

    @Test
    void aQuestionForThePersonIsWaitingForTheUserAndAnAnswerGoesBackToConnecting() {
        lifecycle.connect();
        dialer.last().waitingForUser(true);
        assertEquals(LinkState.WAITING_FOR_USER, state());
        time.advance(600 * SECOND);
        assertEquals(LinkState.WAITING_FOR_USER, state(), "a person may take their time");
        dialer.last().waitingForUser(false);
        assertEquals(LinkState.CONNECTING, state());
        completeAttempt();
    }

    @Test
    void aSilentServerIsSuspectAfterASecondUnansweredAndDeadAtTheRule() {
        FakeLink link = connectNow();
        link.silence();
        long lastByte = link.lastInbound;
        time.advanceTo(lastByte + 5 * SECOND + 999 * MILLI);
        assertEquals(LinkState.LIVE, state());
        time.advanceTo(lastByte + 6 * SECOND);
        assertEquals(LinkState.SUSPECT, state());
        time.advanceTo(lastByte + 20 * SECOND);
        assertEquals(LinkState.DEAD, state());
        assertTrue(link.closed);
        assertEquals(List.of(LinkState.CONNECTING, LinkState.LIVE, LinkState.SUSPECT, LinkState.DEAD), states);
        int declared = indexOf("Declared dead");
        int lost = indexOf("Connection lost");
        assertTrue(declared >= 0 && declared < lost, "declared dead is logged before the loss: " + log);
    }

    @Test
    void aSuspectConnectionWhoseServerAnswersIsLiveAgain() {
        FakeLink link = connectNow();
        link.silence();
        time.advance(6 * SECOND + 100 * MILLI);
        assertEquals(LinkState.SUSPECT, state());
        link.answering = true;
        time.advance(5 * SECOND);
        assertEquals(LinkState.LIVE, state());
        assertEquals(0, lifecycle.health().orElseThrow().unanswered());
    }

    @ParameterizedTest(name = "after {0} manual reconnects")
    @ValueSource(ints = {0, 1, 2, 10})
    void aSilentServerIsDeclaredDeadAfterManualReconnects(int reconnects) {
        FakeLink link = connectNow();
        for (int i = 0; i < reconnects; i++) {
            assertDeadAtTheRule(link);
            assertEquals(LinkState.DEAD, state());
            link = connectNow();
            assertTrue(log.get(indexOf("Reconnecting to")).contains("me@host"));
        }
        assertDeadAtTheRule(link);
        assertEquals(LinkState.DEAD, state());
    }

    @ParameterizedTest(name = "after {0} automatic reconnects")
    @ValueSource(ints = {1, 2, 10})
    void aSilentServerIsDeclaredDeadAfterAutomaticReconnects(int reconnects) {
        policy = policy(5, 3, true);
        FakeLink link = connectNow();
        for (int i = 0; i < reconnects; i++) {
            assertDeadAtTheRule(link);
            assertEquals(LinkState.COUNTDOWN, state());
            assertEquals(1, lifecycle.status().countdown().orElseThrow().attempt());
            time.advance(2 * SECOND);
            assertEquals(LinkState.CONNECTING, state());
            assertEquals(1, lifecycle.status().autoAttempt());
            link = completeAttempt();
            assertEquals(0, lifecycle.status().autoAttempt());
        }
        assertDeadAtTheRule(link);
        assertEquals(LinkState.COUNTDOWN, state());
    }

    @Test
    void aDropOfTheOldConnectionDuringAReconnectIsIgnored() {
        FakeLink old = connectNow();
        lifecycle.dropped(old, null);
        assertEquals(LinkState.DEAD, state());
        assertEquals("The server closed the connection.", lifecycle.status().cause());
        lifecycle.connect();
        lifecycle.dropped(old, new java.io.IOException("Connection reset"));
        lifecycle.ended(old, 0);
        assertEquals(LinkState.CONNECTING, state());
        FakeLink fresh = completeAttempt();
        lifecycle.dropped(old, null);
        assertEquals(LinkState.LIVE, state(), "a drop of the old connection after the new one is live is ignored");
        assertFalse(fresh.closed);
    }

    @Test
    void aConnectionLostDuringTheAttemptIsAFailure() {
        lifecycle.connect();
        dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.CLOSED, "The server closed the connection "
                + "during the handshake.", null));
        assertEquals(LinkState.FAILED, state());
        assertEquals(ConnectFailure.Kind.CLOSED, lifecycle.status().failure().orElseThrow().kind());
        connectNow();
        assertTrue(lifecycle.status().failure().isEmpty(), "a new connection clears the failure");
    }

    @Test
    void theOldConnectionWindingDownAfterAReconnectChangesNothing() {
        FakeLink old = connectNow();
        old.silence();
        time.advance(20 * SECOND);
        assertEquals(LinkState.DEAD, state());
        FakeLink fresh = connectNow();
        // the old connection's shell output ends late and its server speaks one last time
        lifecycle.ended(old, 0);
        lifecycle.dropped(old, null);
        old.speak();
        time.advance(SECOND);
        assertEquals(LinkState.LIVE, state());
        assertDeadAtTheRule(fresh);
    }

    @Test
    void anAttemptThatSucceedsAfterTheTabClosedIsClosedAtOnce() {
        lifecycle.connect();
        Dialer.Outcome<FakeLink> attempt = dialer.last();
        lifecycle.close();
        assertEquals(LinkState.CLOSED, state());
        assertEquals(1, dialer.cancelled);
        FakeLink late = new FakeLink("late", time);
        attempt.connected(late);
        assertTrue(late.closed);
        assertEquals(LinkState.CLOSED, state());
        assertEquals(0, engine.watchedCount());
    }

    @Test
    void closingDuringACountdownStopsTheReconnect() {
        policy = policy(5, 3, true);
        FakeLink link = connectNow();
        lifecycle.dropped(link, null);
        assertEquals(LinkState.COUNTDOWN, state());
        lifecycle.close();
        time.advance(600 * SECOND);
        assertEquals(LinkState.CLOSED, state());
        assertEquals(1, dialer.attempts.size(), "no attempt after the close");
        assertTrue(time.idle());
    }

    @Test
    void stopDuringACountdownGoesBackToDeadAndAPersonCanStillReconnect() {
        policy = policy(5, 3, true);
        FakeLink link = connectNow();
        lifecycle.dropped(link, null);
        lifecycle.stopAutomatic();
        assertEquals(LinkState.DEAD, state());
        time.advance(600 * SECOND);
        assertEquals(1, dialer.attempts.size());
        connectNow();
    }

    @Test
    void automaticAttemptsBackOffAndGiveUpAtTheLimit() {
        policy = policy(5, 3, true);
        FakeLink link = connectNow();
        lifecycle.dropped(link, null);
        List<Long> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(LinkState.COUNTDOWN, state());
            waits.add(lifecycle.countdownLeft().orElseThrow().toMillis());
            time.advance(lifecycle.countdownLeft().orElseThrow().toNanos());
            assertEquals(attempt, lifecycle.status().autoAttempt());
            dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.REFUSED, "refused", null));
        }
        assertEquals(List.of(2000L, 4000L, 8000L, 16000L, 32000L), waits);
        assertEquals(LinkState.FAILED, state());
        assertEquals("Gave up after 5 automatic attempts.", lifecycle.status().note());
        time.advance(3600 * SECOND);
        assertEquals(6, dialer.attempts.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AUTH_FAILED", "KEY_FILE", "CANCELLED", "HOST_KEY_CHANGED", "HOST_KEY_REVOKED"})
    void anAutomaticReconnectNeverRetriesWhatNeedsAPerson(String kind) {
        policy = policy(5, 3, true);
        FakeLink link = connectNow();
        lifecycle.dropped(link, null);
        time.advance(2 * SECOND);
        dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.valueOf(kind), "no", null));
        assertEquals(LinkState.FAILED, state());
        assertTrue(lifecycle.status().note().startsWith("Not reconnecting by itself: this needs you"),
                lifecycle.status().note());
        time.advance(3600 * SECOND);
        assertEquals(2, dialer.attempts.size());
    }

    @Test
    void aFailedManualAttemptIsNotRetriedByItself() {
        policy = policy(5, 3, true);
        lifecycle.connect();
        dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.TIMED_OUT, "slow", null));
        assertEquals(LinkState.FAILED, state());
        time.advance(3600 * SECOND);
        assertEquals(1, dialer.attempts.size());
    }

    @Test
    void aPolicyChangeBetweenConnectionsAppliesFromTheNextConnection() {
        FakeLink link = connectNow();
        policy = policy(2, 1, false);
        assertDeadAtTheRule(link);
        FakeLink next = connectNow();
        next.silence();
        long lastByte = next.lastInbound;
        time.advanceTo(lastByte + 4 * SECOND - MILLI);
        assertTrue(state().live());
        time.advanceTo(lastByte + 4 * SECOND);
        assertEquals(LinkState.DEAD, state(), "2 s x (1 + 1)");
    }

    @Test
    void theCountersCarryOnOverAReconnectWithTheSamePolicy() {
        FakeLink link = connectNow();
        time.advance(16 * SECOND);
        long probes = lifecycle.health().orElseThrow().probesSent();
        assertTrue(probes >= 3, "probes " + probes);
        lifecycle.dropped(link, null);
        connectNow();
        assertEquals(probes, lifecycle.health().orElseThrow().probesSent());
    }

    @Test
    void aShellThatExitsEndsTheSessionAndOpenAgainReconnects() {
        FakeLink link = connectNow();
        lifecycle.ended(link, 3);
        assertEquals(LinkState.ENDED, state());
        assertEquals(3, lifecycle.status().exitStatus().orElseThrow());
        assertTrue(link.closed);
        time.advance(60 * SECOND);
        assertEquals(LinkState.ENDED, state(), "nothing is probed after the end");
        connectNow();
    }

    @Test
    void aConnectWhileAnAttemptRunsIsIgnored() {
        lifecycle.connect();
        lifecycle.connect();
        assertEquals(1, dialer.attempts.size());
    }

    @Test
    void aWakeChecksAtOnceAndASilentServerIsDeadWithinTheDeadline() {
        FakeLink link = connectNow();
        time.advance(2 * SECOND);
        link.silence();
        engine.checkAll(CheckReason.WAKE);
        assertEquals(CheckReason.WAKE, lifecycle.status().checking().orElseThrow());
        time.advance(5 * SECOND - MILLI);
        assertTrue(state().live());
        time.advance(MILLI);
        assertEquals(LinkState.DEAD, state());
        assertEquals("No answer within 5 s after the computer woke from sleep", lifecycle.status().cause());
    }

    @Test
    void aWakeCheckThatIsAnsweredLeavesTheConnectionLive() {
        connectNow();
        time.advance(2 * SECOND);
        engine.checkAll(CheckReason.NETWORK_CHANGE);
        assertEquals(CheckReason.NETWORK_CHANGE, lifecycle.status().checking().orElseThrow());
        time.advance(10 * MILLI);
        assertEquals(LinkState.LIVE, state());
        assertTrue(lifecycle.status().checking().isEmpty(), "the answer ends the check");
        time.advance(10 * SECOND);
        assertEquals(LinkState.LIVE, state());
    }

    @Test
    void everyStateIsReached() {
        policy = policy(5, 3, true);
        lifecycle.connect();
        dialer.last().waitingForUser(true);
        dialer.last().waitingForUser(false);
        FakeLink link = completeAttempt();
        link.silence();
        time.advance(20 * SECOND);
        time.advance(2 * SECOND);
        dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.AUTH_FAILED, "no", null));
        FakeLink again = connectNow();
        lifecycle.ended(again, 0);
        lifecycle.close();
        assertEquals(List.of(LinkState.values()), states.stream().distinct().sorted().toList());
    }

    private int indexOf(String prefix) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aNetworkChangeDuringTheCountdownReconnectsAtOnceAndIsIgnoredInEveryOtherState() {
        policy = policy(5, 3, true);
        LinkState before = state();
        lifecycle.networkChanged(); // before anything: nothing to do
        assertEquals(before, state());
        assertEquals(0, dialer.attempts.size());
        FakeLink link = connectNow();
        lifecycle.networkChanged();
        assertEquals(LinkState.LIVE, state(), "a live connection is left to the keepalive check");
        assertDeadAtTheRule(link);
        assertEquals(LinkState.COUNTDOWN, state());
        int attempts = dialer.attempts.size();
        lifecycle.networkChanged();
        assertEquals(LinkState.CONNECTING, state(), "the countdown is cut short");
        assertEquals(attempts + 1, dialer.attempts.size());
        assertEquals(1, lifecycle.status().autoAttempt(), "it is still automatic attempt 1");
        assertTrue(indexOf("The network changed: automatic reconnect 1 starts now") >= 0, log.toString());
        lifecycle.networkChanged();
        assertEquals(attempts + 1, dialer.attempts.size(), "no second attempt while one runs");
        time.advance(60 * SECOND);
        assertEquals(attempts + 1, dialer.attempts.size(), "the cancelled countdown does not start one later");
        dialer.last().failed(new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "Network is unreachable", null));
        assertEquals(LinkState.COUNTDOWN, state());
        assertEquals(2, lifecycle.status().countdown().orElseThrow().attempt());
        lifecycle.networkChanged();
        assertEquals(2, lifecycle.status().autoAttempt(), "the next attempt at once, counted as the second");
        completeAttempt();
        lifecycle.stopAutomatic();
        lifecycle.close();
        lifecycle.networkChanged();
        assertEquals(LinkState.CLOSED, state());
    }
}
