package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the terminal's frames are painted, on a fake clock: an echo at once, a flood once per interval. */
class FrameGateTest {
    private static final long MS = 1_000_000;
    private final FrameGate gate = new FrameGate(15 * MS);

    @Test
    void theFirstFrameAndAFrameAfterAQuietSpellArePaintedAtOnce() {
        assertTrue(gate.wanted(0), "nothing painted yet");
        gate.painted(0);
        assertFalse(gate.pulse(4 * MS), "nothing was waiting");
        assertTrue(gate.wanted(200 * MS), "an echo long after the last frame is drawn at once");
    }

    @Test
    void underAFloodFramesComeOncePerIntervalAtAPulseWithAllRequestsInOne() {
        assertTrue(gate.wanted(0));
        gate.painted(0);
        assertFalse(gate.wanted(1 * MS), "too soon: waits");
        assertFalse(gate.wanted(2 * MS));
        assertTrue(gate.waiting());
        assertFalse(gate.pulse(4 * MS), "a pulse before the interval is over keeps it waiting");
        assertTrue(gate.waiting(), "so the painter asks for another pulse");
        assertFalse(gate.pulse(8 * MS));
        assertTrue(gate.pulse(16 * MS), "the first pulse after the interval lets it through, once");
        gate.painted(16 * MS);
        assertFalse(gate.waiting());
        assertFalse(gate.pulse(20 * MS), "the two requests made one frame");
    }

    @Test
    void noTwoFramesBetweenTwoPulsesEvenWithAShortInterval() {
        FrameGate fast = new FrameGate(0);
        assertTrue(fast.wanted(0));
        fast.painted(0);
        assertFalse(fast.wanted(5 * MS), "the display has not shown the last one yet");
        assertTrue(fast.pulse(6 * MS));
    }

    @Test
    void aFrameThatDrewNothingDoesNotHoldTheNextBack() {
        assertTrue(gate.wanted(0)); // drew nothing: painted() is not called
        assertTrue(gate.wanted(MS), "the echo right after it is not delayed");
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameGate(-1));
    }

    @Test
    void aBlinkingCursorShowsForAPeriodAfterItMovesThenHidesAndShowsInTurn() {
        assertTrue(FrameGate.blinkShowing(0, 500));
        assertTrue(FrameGate.blinkShowing(499, 500));
        assertFalse(FrameGate.blinkShowing(500, 500));
        assertFalse(FrameGate.blinkShowing(999, 500));
        assertTrue(FrameGate.blinkShowing(1000, 500));
        assertTrue(FrameGate.blinkShowing(12345, 0), "no period: never blinks");
        assertTrue(FrameGate.blinkShowing(-5, 500), "a clock step back shows it");
        assertEquals(500, FrameGate.untilBlinkChange(0, 500));
        assertEquals(1, FrameGate.untilBlinkChange(499, 500));
        assertEquals(500, FrameGate.untilBlinkChange(500, 500));
        assertEquals(Long.MAX_VALUE, FrameGate.untilBlinkChange(10, 0));
    }

    @Test
    void aBlinkingCursorStopsBlinkingShownAfterTheTimeout() {
        long timeout = FrameGate.BLINK_TIMEOUT_MILLIS;
        assertEquals(10_000, timeout, "as GTK's terminals");
        // 500 ms period: shown phases start at every 1000 ms; the first at or after 10 s is at 10 s
        assertFalse(FrameGate.blinkShowing(9_500, 500, timeout), "still blinking just before");
        assertEquals(500, FrameGate.untilBlinkChange(9_500, 500, timeout), "the last change: shown at 10 s");
        for (long since : new long[] {10_000, 10_500, 10_999, 60_000, 3_600_000}) {
            assertTrue(FrameGate.blinkShowing(since, 500, timeout), since + " ms: shown for good");
            assertEquals(Long.MAX_VALUE, FrameGate.untilBlinkChange(since, 500, timeout), since + " ms: no timer");
        }
        // 600 ms period: shown phases start at multiples of 1200 ms; 10 s falls in the 9.6-10.2 s shown phase,
        // which ends in a hidden one, so it stops at 10.8 s, shown
        assertTrue(FrameGate.blinkShowing(10_000, 600, timeout));
        assertFalse(FrameGate.blinkShowing(10_500, 600, timeout), "the last hidden phase");
        assertEquals(300, FrameGate.untilBlinkChange(10_500, 600, timeout));
        assertTrue(FrameGate.blinkShowing(10_800, 600, timeout));
        assertEquals(Long.MAX_VALUE, FrameGate.untilBlinkChange(10_800, 600, timeout));
        // before the timeout, as without one
        for (long since = 0; since < 9_600; since += 7) {
            assertEquals(FrameGate.blinkShowing(since, 600), FrameGate.blinkShowing(since, 600, timeout));
            assertEquals(FrameGate.untilBlinkChange(since, 600), FrameGate.untilBlinkChange(since, 600, timeout));
        }
        assertTrue(FrameGate.blinkShowing(5, 0, timeout), "no period: never blinks");
        assertEquals(Long.MAX_VALUE, FrameGate.untilBlinkChange(5, 0, timeout));
    }
}
