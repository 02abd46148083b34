package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.terminal.PulsePlan.Change;
import org.junit.jupiter.api.Test;

/** The pulse's rate on a fake clock: fast from the first input, slow once none came for the fast spell. */
class PulsePlanTest {
    private static final long S = 1_000_000_000L;
    private final PulsePlan plan = new PulsePlan(2 * S);

    @Test
    void startsSlowGoesFastAtTheFirstInputAndStaysFastWhileInputComes() {
        assertFalse(plan.fast(), "no input yet: slow");
        assertEquals(-1, plan.nextCheckIn(0), "nothing to check while slow");
        assertEquals(Change.FAST, plan.input(10 * S));
        assertEquals(Change.NONE, plan.input(10 * S + 1), "already fast: the timer is not restarted per event");
        assertEquals(2 * S - 1, plan.nextCheckIn(10 * S + 2), "checked when the fast spell after the last input ends");
        assertEquals(-1, plan.nextCheckIn(10 * S + 3), "one check at a time");
        plan.input(11 * S);
        assertEquals(Change.NONE, plan.check(12 * S + 1), "input came since: still fast");
        assertTrue(plan.fast());
        assertEquals(S - 1, plan.nextCheckIn(12 * S + 1), "the next check at the end of the new spell");
    }

    @Test
    void slowsDownWhenTheSpellAfterTheLastInputHasPassedAndGoesFastAgainAtTheNext() {
        plan.input(0);
        assertEquals(2 * S, plan.nextCheckIn(0));
        assertEquals(Change.SLOW, plan.check(2 * S));
        assertFalse(plan.fast());
        assertEquals(-1, plan.nextCheckIn(2 * S), "slow: nothing to check");
        assertEquals(Change.FAST, plan.input(5 * S), "the next key makes it fast before its echo comes back");
        assertEquals(2 * S, plan.nextCheckIn(5 * S));
    }

    @Test
    void aLateCheckSlowsDownAtOnceAndAnEarlyOneDoesNot() {
        plan.input(0);
        plan.nextCheckIn(0);
        assertEquals(Change.NONE, plan.check(S), "early (a timer that fired before its time): stays fast");
        assertEquals(S, plan.nextCheckIn(S));
        assertEquals(Change.SLOW, plan.check(60 * S), "late (a busy machine, a suspended laptop): slow");
    }

    @Test
    void aSpellMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PulsePlan(0));
    }
}
