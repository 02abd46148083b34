package dev.holdfast.ui.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The round-trip chart's arithmetic, toolkit-free: where each probe's point goes in a plot of a given size,
 * scaled between the lowest and highest time shown (so small differences can be seen), and the axis labels.
 */
final class RttChart {
    /** The plot's size in pixels, without its axis labels. */
    static final double WIDTH = 320;
    static final double HEIGHT = 90;

    private RttChart() {
    }

    /** x, y pairs for a polyline, oldest probe on the left, the highest time at the top. */
    static List<Double> points(List<Double> millis, double width, double height) {
        List<Double> points = new ArrayList<>();
        if (millis.isEmpty()) {
            return points;
        }
        double min = min(millis);
        double span = Math.max(max(millis) - min, 0.001);
        double step = millis.size() == 1 ? 0 : width / (millis.size() - 1);
        for (int i = 0; i < millis.size(); i++) {
            points.add(i * step);
            points.add(height - height * (millis.get(i) - min) / span);
        }
        return points;
    }

    static double min(List<Double> millis) {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(List<Double> millis) {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    static String label(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
