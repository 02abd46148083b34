package dev.holdfast.ui.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.HopHealth;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.lifecycle.LinkState;
import dev.holdfast.lifecycle.LinkStatus;
import dev.holdfast.testing.FakeTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The strip stops counting at the moment a connection is lost, and says so in colour. */
class StripModelTest {
    private final FakeTime time = new FakeTime();
    private long lastInbound = time.now();

    @Test
    void afterDeathTheFiguresStayThoseOfTheMomentOfLoss() {
        StripModel model = new StripModel();
        time.advance(3 * FakeTime.SECOND);
        StripModel.Reading live = model.read(status(LinkState.LIVE), sample(HealthSnapshot.State.HEALTHY, 0));
        assertTrue(live.text().endsWith("server silent 3 s"), live.text());
        assertEquals("strip-ok", live.stateClass());

        time.advance(9 * FakeTime.SECOND);
        StripModel.Reading dead = model.read(status(LinkState.DEAD), sample(HealthSnapshot.State.DEAD, 3));
        assertTrue(dead.text().startsWith("dead"), dead.text());
        assertTrue(dead.text().endsWith("server silent 12 s"), dead.text());
        assertEquals("strip-dead", dead.stateClass());
        assertEquals("dot-dead", dead.dotClass());

        time.advance(60 * FakeTime.SECOND);
        StripModel.Reading later = model.read(status(LinkState.DEAD), sample(HealthSnapshot.State.DEAD, 4));
        assertEquals(dead.text(), later.text(), "a minute later it says the same: no counting on");
        assertEquals("strip-dead", later.stateClass());
    }

    @Test
    void aDisconnectFreezesUntilTheNextAttempt() {
        StripModel model = new StripModel();
        time.advance(2 * FakeTime.SECOND);
        model.read(status(LinkState.LIVE), sample(HealthSnapshot.State.HEALTHY, 0));
        time.advance(FakeTime.SECOND);
        StripModel.Reading ended = model.read(status(LinkState.ENDED), sample(HealthSnapshot.State.HEALTHY, 0));
        assertTrue(ended.text().startsWith("disconnected \u00b7 "), ended.text());
        assertTrue(ended.text().endsWith("server silent 3 s"), ended.text());
        assertEquals("strip-lost", ended.stateClass());
        time.advance(100 * FakeTime.SECOND);
        assertEquals(ended.text(), model.read(status(LinkState.COUNTDOWN), sample(HealthSnapshot.State.HEALTHY, 0)).text());

        lastInbound = time.now();
        time.advance(FakeTime.SECOND);
        StripModel.Reading again = model.read(status(LinkState.CONNECTING), sample(HealthSnapshot.State.HEALTHY, 0));
        assertTrue(again.text().startsWith("reconnecting"), again.text());
        assertTrue(again.text().endsWith("server silent 1 s"), "live figures again: " + again.text());
        assertEquals("strip-ok", again.stateClass());
    }

    @Test
    void suspectIsColouredToo() {
        StripModel model = new StripModel();
        assertEquals("strip-suspect",
                model.read(status(LinkState.SUSPECT), sample(HealthSnapshot.State.SUSPECT, 1)).stateClass());
    }

    @Test
    void throughAJumpHostTheStripSaysWhichHopWentQuietAndFreezesThatWithTheRest() {
        StripModel model = new StripModel();
        time.advance(FakeTime.SECOND);
        HopHealth answering = new HopHealth("bastion:2222", time.now(), 6, 6, Optional.of(Duration.ofMillis(4)));
        StripModel.Reading live = model.read(status(LinkState.LIVE), sample(HealthSnapshot.State.HEALTHY, 0),
                Optional.of(answering), time.now(), true);
        assertTrue(live.text().endsWith("server silent 1 s \u00b7 via bastion:2222 rtt 4.0 ms"), live.text());

        time.advance(2 * FakeTime.SECOND);
        HopHealth stillAnswering = new HopHealth("bastion:2222", time.now() - 100 * FakeTime.MILLI, 8, 8,
                Optional.of(Duration.ofMillis(4)));
        StripModel.Reading beyond = model.read(status(LinkState.SUSPECT), sample(HealthSnapshot.State.SUSPECT, 2),
                Optional.of(stillAnswering), time.now(), true);
        assertTrue(beyond.text().endsWith("jump host bastion:2222 answers: the silence is beyond it"), beyond.text());

        HopHealth quietToo = new HopHealth("bastion:2222", lastInbound + 200 * FakeTime.MILLI, 8, 6,
                Optional.of(Duration.ofMillis(4)));
        StripModel.Reading both = model.read(status(LinkState.SUSPECT), sample(HealthSnapshot.State.SUSPECT, 2),
                Optional.of(quietToo), time.now(), true);
        assertTrue(both.text().endsWith("jump host bastion:2222 silent 2 s too"), both.text());

        time.advance(2 * FakeTime.SECOND);
        StripModel.Reading dead = model.read(status(LinkState.DEAD), sample(HealthSnapshot.State.DEAD, 3),
                Optional.of(quietToo), time.now(), true);
        assertTrue(dead.text().endsWith("jump host bastion:2222 silent 4 s too"), dead.text());
        time.advance(60 * FakeTime.SECOND);
        assertEquals(dead.text(), model.read(status(LinkState.DEAD), sample(HealthSnapshot.State.DEAD, 3),
                Optional.of(stillAnswering), time.now(), true).text(), "frozen at the moment of loss, hop and all");
    }

    @Test
    void hopWordsFollowTheKeepaliveMode() {
        HopHealth hop = new HopHealth("bastion:22", time.now(), 0, 0, Optional.empty());
        HealthSnapshot nulls = new HealthSnapshot(KeepaliveMode.NULL_PACKET, HealthSnapshot.State.UNMONITORED, 0, 0, 0,
                3, 4, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO, 0, 0,
                Optional.empty(), Optional.empty());
        assertEquals("via bastion:22", HealthText.hop(hop, nulls, time.now()), "null packets get no answers to compare");
        assertEquals("via bastion:22 rtt \u2013", HealthText.hop(hop, sample(HealthSnapshot.State.HEALTHY, 0).get(),
                time.now()), "no answer yet");
        assertTrue(HealthDetails.hopRow(hop, sample(HealthSnapshot.State.HEALTHY, 0).get(), time.now())
                .startsWith("bastion:22 \u00b7 probes 0 / replies 0 \u00b7 rtt \u2013 \u00b7 silent 0 s"));
    }

    private static LinkStatus<Object> status(LinkState state) {
        return new LinkStatus<>(state, Optional.empty(), true, 0, "", "", Optional.empty(), Optional.empty(),
                Optional.empty(), "", Optional.empty());
    }

    /** What a probe monitor would report now on the fake clock. */
    private Optional<HealthSnapshot> sample(HealthSnapshot.State state, int unanswered) {
        return Optional.of(new HealthSnapshot(KeepaliveMode.PROBE, state, 5 + unanswered, 5, unanswered, 3, 0,
                Optional.of(Duration.ofMillis(2)), Optional.of(Duration.ofMillis(1)), Optional.of(Duration.ofMillis(2)),
                Optional.of(Duration.ofMillis(3)), Duration.ofNanos(time.now() - lastInbound), 100, 100,
                state == HealthSnapshot.State.DEAD ? Optional.of("no reply") : Optional.empty(), Optional.empty()));
    }
}
