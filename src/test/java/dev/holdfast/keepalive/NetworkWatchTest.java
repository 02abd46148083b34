package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A change is an interface or address that differs from the previous poll; a failed read is no change. */
class NetworkWatchTest {
    private final Deque<Object> polls = new ArrayDeque<>();
    private final AtomicInteger changes = new AtomicInteger();

    @SuppressWarnings("unchecked")
    private Set<String> next() throws IOException {
        Object poll = polls.removeFirst();
        if (poll instanceof IOException e) {
            throw e;
        }
        return (Set<String>) poll;
    }

    @Test
    void onlyADifferenceFromThePreviousPollCounts() {
        polls.add(Set.of("eth0 [192.0.2.7]"));
        polls.add(Set.of("eth0 [192.0.2.7]"));
        polls.add(new IOException("interfaces not readable"));
        polls.add(Set.of("eth0 [192.0.2.7]"));
        polls.add(Set.of("eth0 [192.0.2.8]"));
        polls.add(Set.of("eth0 [192.0.2.8]", "tun0 [198.51.100.1]"));
        polls.add(Set.of("eth0 [192.0.2.8]", "tun0 [198.51.100.1]"));
        NetworkWatch watch = NetworkWatch.polledByHand(this::next, changes::incrementAndGet);
        while (!polls.isEmpty()) {
            watch.poll();
        }
        assertEquals(2, changes.get(), "an address changed, then a VPN came up");
    }

    @Test
    void theSystemsInterfacesCanBeRead() throws IOException {
        Set<String> now = NetworkWatch.system();
        assertFalse(now.stream().anyMatch(line -> line.startsWith("lo ")), "loopback is left out: " + now);
    }
}
