package dev.holdfast.testing;

import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.threads.Threads;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Connectors for tests: one daemon scheduler for every test's handshake deadlines (the app's is owned by
 * Connections), and by default a {@code ~/.ssh} that does not exist, so no test picks up the real user's keys.
 */
public final class TestConnectors {
    private static final ScheduledExecutorService DEADLINES =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("test-connect-deadline", false));
    private static final Path NO_SSH_DIR = Path.of("target", "no-such-ssh-dir");

    private TestConnectors() {
    }

    public static SshConnector connector(KnownHosts knownHosts, SecretCache secrets) {
        return connector(knownHosts, secrets, NO_SSH_DIR);
    }

    public static SshConnector connector(KnownHosts knownHosts, SecretCache secrets, Path sshDir) {
        return new SshConnector(knownHosts, secrets, sshDir, DEADLINES);
    }
}
