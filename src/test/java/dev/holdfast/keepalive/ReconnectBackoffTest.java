package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    @Test
    void doublesFromTheFirstDelayWithoutRandomness() {
        assertEquals(Duration.ofSeconds(5), ReconnectBackoff.wait(Duration.ofSeconds(5), 1, () -> 0.5));
        assertEquals(Duration.ofSeconds(10), ReconnectBackoff.wait(Duration.ofSeconds(5), 2, () -> 0.5));
        assertEquals(Duration.ofSeconds(40), ReconnectBackoff.wait(Duration.ofSeconds(5), 4, () -> 0.5));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertEquals(Duration.ofSeconds(8), ReconnectBackoff.wait(Duration.ofSeconds(10), 1, () -> 0.0));
        Duration high = ReconnectBackoff.wait(Duration.ofSeconds(10), 1, () -> 0.999_999);
        assertTrue(high.compareTo(Duration.ofMillis(11_999)) >= 0 && high.compareTo(Duration.ofSeconds(12)) <= 0);
    }

    @Test
    void neverWaitsMoreThanFiveMinutes() {
        assertEquals(ReconnectBackoff.MAX_WAIT, ReconnectBackoff.wait(Duration.ofSeconds(60), 10, () -> 0.9));
    }
}
