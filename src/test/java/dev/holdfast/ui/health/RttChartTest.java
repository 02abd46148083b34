package dev.holdfast.ui.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The round-trip chart fills its plot, highest time at the top, lowest at the bottom. */
class RttChartTest {
    @Test
    void pointsSpanThePlotBetweenTheLowestAndHighestTime() {
        assertTrue(RttChart.WIDTH >= 240 && RttChart.HEIGHT >= 80, "wide and tall enough to read");
        List<Double> points = RttChart.points(List.of(2.0, 4.0, 3.0), 320, 90);
        assertEquals(List.of(0.0, 90.0, 160.0, 0.0, 320.0, 45.0), points);
        assertEquals("2.0 ms", RttChart.label(RttChart.min(List.of(2.0, 4.0, 3.0))));
        assertEquals("4.0 ms", RttChart.label(RttChart.max(List.of(2.0, 4.0, 3.0))));
        assertEquals(List.of(0.0, 90.0), RttChart.points(List.of(1.5), 320, 90), "one probe: a point at the left");
        assertTrue(RttChart.points(List.of(), 320, 90).isEmpty());
    }
}
