package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the terminal's frames are painted: an echo at once, a flood once per pulse; and the cursor's blink. */
class FrameGateTest {

    @Test
    void aFrameAfterAQuietSpellIsPaintedAtOnce() {
        FrameGate gate = new FrameGate();
        assertTrue(gate.wanted(), "nothing painted yet");
        gate.painted();
        assertTrue(gate.pulse() == false, "nothing was waiting");
        assertTrue(gate.wanted(), "a pulse has passed since the last frame: the echo is drawn at once");
    }

    @Test
    void framesWantedBeforeTheNextPulseWaitForItAndAreOne() {
        FrameGate gate = new FrameGate();
        assertTrue(gate.wanted());
        gate.painted();
        assertFalse(gate.wanted(), "a second frame in the same pulse waits");
        assertFalse(gate.wanted());
        assertTrue(gate.waiting());
        assertTrue(gate.pulse(), "the pulse lets it through, once");
        gate.painted();
        assertFalse(gate.pulse(), "no second frame for the two requests");
        assertFalse(gate.waiting());
    }

    @Test
    void aFrameThatDrewNothingDoesNotHoldTheNextBack() {
        FrameGate gate = new FrameGate();
        assertTrue(gate.wanted()); // painted nothing: the caller does not call painted()
        assertTrue(gate.wanted());
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
}
