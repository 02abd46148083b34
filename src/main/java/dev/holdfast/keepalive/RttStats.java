package dev.holdfast.keepalive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/** Round-trip times of answered probes: last, min, mean, max and the latest 60. Thread-safe. */
final class RttStats {
    private static final int RECENT = 60;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private long last = -1;
    private long min = Long.MAX_VALUE;
    private long max = -1;
    private long sum;
    private long count;

    synchronized void add(long rttNanos) {
        recent.addLast(rttNanos / 1e6);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
        last = rttNanos;
        min = Math.min(min, rttNanos);
        max = Math.max(max, rttNanos);
        sum += rttNanos;
        count++;
    }

    synchronized List<Double> recentMillis() {
        return List.copyOf(recent);
    }

    synchronized Optional<Duration> last() {
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(last));
    }

    synchronized Optional<Duration> min() {
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(min));
    }

    synchronized Optional<Duration> mean() {
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(sum / count));
    }

    synchronized Optional<Duration> max() {
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(max));
    }
}
