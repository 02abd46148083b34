package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void closeStopsTheBackgroundPoolAndTheDeadlineScheduler() {
        Connections connections = new Connections(new KnownHosts(List.of(), dir.resolve("known_hosts")),
                Optional.empty(), dir.resolve(".ssh"));
        assertFalse(connections.isShutDown());
        connections.close(Duration.ofSeconds(2));
        assertTrue(connections.isShutDown());
    }
}
