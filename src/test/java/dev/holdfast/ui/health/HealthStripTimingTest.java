package dev.holdfast.ui.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.KeepaliveMode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The strip in view refreshes when its text can change, not on a fixed clock: on fake durations, the
 * refresh lands on the next whole second of silence (at most a millisecond after it), so "server silent"
 * reads the same as a sampler running all the time would, never more than a second goes by unsampled, and
 * while a probe is out it looks for the reply four times a second.
 */
class HealthStripTimingTest {
    private static final long MS = 1_000_000;

    @Test
    void theNextRefreshIsWhenTheSecondsFigureNextTurns() {
        for (long silentNanos : new long[] {0, 1, 999 * MS, 999 * MS + 999_999, 1000 * MS, 4_250 * MS + 7,
                14_999 * MS + 500_000, 119_400 * MS, 125_000 * MS + 3}) {
            long delayMillis = HealthStrip.untilNextRefreshMillis(snapshot(silentNanos));
            assertTrue(delayMillis >= 1 && delayMillis <= 1000, silentNanos + " ns: " + delayMillis);
            String before = HealthText.seconds(Duration.ofNanos(silentNanos));
            String atRefresh = HealthText.seconds(Duration.ofNanos(silentNanos + delayMillis * MS));
            String aMillisecondEarlier = HealthText.seconds(Duration.ofNanos(silentNanos + (delayMillis - 1) * MS));
            long secondsNow = silentNanos / (1000 * MS);
            assertEquals(secondsNow + 1, (silentNanos + delayMillis * MS) / (1000 * MS),
                    silentNanos + " ns: the refresh is in the next second");
            assertEquals(secondsNow, (silentNanos + (delayMillis - 1) * MS) / (1000 * MS),
                    silentNanos + " ns: and no more than a millisecond into it");
            if (secondsNow < 119) {
                assertTrue(!before.equals(atRefresh) && before.equals(aMillisecondEarlier),
                        before + " / " + aMillisecondEarlier + " / " + atRefresh);
            }
        }
    }

    @Test
    void whileAProbeIsOutItLooksFourTimesASecondForTheReply() {
        assertEquals(250, HealthStrip.untilNextRefreshMillis(snapshot(15_000 * MS, 1, HealthSnapshot.State.HEALTHY)),
                "the probe just went out at 15 s: its reply shows within 250 ms");
        assertEquals(100, HealthStrip.untilNextRefreshMillis(snapshot(15_900 * MS, 1, HealthSnapshot.State.SUSPECT)),
                "and the next second still turns on time");
        assertEquals(1000, HealthStrip.untilNextRefreshMillis(snapshot(60_000 * MS, 3, HealthSnapshot.State.DEAD)),
                "dead: nothing more to wait for");
    }

    @Test
    void withoutASnapshotItLooksAgainInASecond() {
        assertEquals(1000, HealthStrip.untilNextRefreshMillis(Optional.empty()));
    }

    private static Optional<HealthSnapshot> snapshot(long silentNanos) {
        return snapshot(silentNanos, 0, HealthSnapshot.State.HEALTHY);
    }

    private static Optional<HealthSnapshot> snapshot(long silentNanos, int unanswered, HealthSnapshot.State state) {
        return Optional.of(new HealthSnapshot(KeepaliveMode.PROBE, state, 5, 5, unanswered, 3, 0,
                Optional.of(Duration.ofMillis(2)), Optional.of(Duration.ofMillis(1)), Optional.of(Duration.ofMillis(2)),
                Optional.of(Duration.ofMillis(3)), Duration.ofNanos(silentNanos), 100, 100, Optional.empty(),
                Optional.empty()));
    }
}
