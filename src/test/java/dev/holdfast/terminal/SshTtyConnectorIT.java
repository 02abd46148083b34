package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestConnectors;
import dev.holdfast.testing.TestSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The connector's read path against a real shell on a PTY (in-process MINA SSHD): output goes through the clamp. */
class SshTtyConnectorIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHugeCountFromTheShellReachesTheEmulatorClamped() throws Exception {
        try (TestSshServer server = new TestSshServer()) {
            KnownHosts knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
            knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            ConnectSpec spec = new ConnectSpec("test", "127.0.0.1", server.port(), TestSshServer.USER,
                    AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(10), "xterm-256color");
            try (SshConnection connection = TestConnectors.connector(knownHosts, new SecretCache())
                    .attempt(spec, new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run()) {
                SshTtyConnector tty = new SshTtyConnector(connection, Runnable::run, ending -> { });
                tty.write("printf 'x\\r\\n\\033[2147483647L\\033[1;31mred\\033[m\\n'; echo E''ND\n");
                StringBuilder seen = new StringBuilder();
                char[] buffer = new char[7]; // small reads, so the sequence is likely split between them
                while (seen.indexOf("END") < 0) {
                    int n = tty.read(buffer, 0, buffer.length);
                    assertTrue(n > 0, "the shell's output ended early: " + seen);
                    seen.append(buffer, 0, n);
                }
                String output = seen.toString();
                assertTrue(output.contains("\u001b[1000L\u001b[1;31mred\u001b[m"), output); // the PTY may add a CR
                assertFalse(output.contains("\u001b[2147483647L"), output);
            }
        }
    }

    /** The log has what the server printed, and not a password typed at a prompt that does not echo. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theSessionLogHoldsTheOutputAndNeverWhatWasTyped() throws Exception {
        try (TestSshServer server = new TestSshServer()) {
            KnownHosts knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
            knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            ConnectSpec spec = new ConnectSpec("test", "127.0.0.1", server.port(), TestSshServer.USER,
                    AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(10), "xterm-256color");
            Path logFile = dir.resolve("logs/session.log");
            try (SshConnection connection = TestConnectors.connector(knownHosts, new SecretCache())
                    .attempt(spec, new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run()) {
                SshTtyConnector tty = new SshTtyConnector(connection, Runnable::run, ending -> { });
                SessionTranscript log = SessionTranscript.start(logFile, false);
                tty.setTranscript(log);
                tty.setPreamble("local marker\r\n");
                // quotes split the prompt in the echoed command, so "Pass: " is seen only once stty -echo has run
                tty.write("stty -echo; printf 'Pa''ss: '; read secret; stty echo; echo; echo \"length ${#secret}\";"
                        + " echo DO''NE\n");
                StringBuilder seen = new StringBuilder();
                char[] buffer = new char[64];
                boolean typed = false;
                while (seen.indexOf("DONE") < 0) {
                    int n = tty.read(buffer, 0, buffer.length);
                    assertTrue(n > 0, "the shell's output ended early: " + seen);
                    seen.append(buffer, 0, n);
                    if (!typed && seen.indexOf("Pass: ") >= 0) {
                        tty.write("Hunter2Secret\n");
                        typed = true;
                    }
                }
                tty.close();
                assertTrue(log.awaitClosed(Duration.ofSeconds(20)));
                String logged = java.nio.file.Files.readString(logFile, StandardCharsets.UTF_8);
                assertTrue(logged.contains("length 13"), logged);
                assertTrue(logged.contains("DONE"), logged);
                assertFalse(logged.contains("Hunter2Secret"), logged);
                assertFalse(logged.contains("local marker"), logged);
            }
        }
    }
}
