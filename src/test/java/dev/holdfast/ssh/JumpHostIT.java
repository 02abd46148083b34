package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.JumpHosts;
import dev.holdfast.ssh.Interaction.HostKeyDecision;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jump hosts (ProxyJump) against two of Debian's real sshds on loopback: the target is reached through the
 * jump host's {@code direct-tcpip} channel, each hop's host key is checked and each hop logs in, and a failure
 * says at which hop it happened. The keepalive of a chain on a blackholed path is in
 * {@code keepalive.JumpBlackholeIT}.
 */
class JumpHostIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private OpenSshServer outer;
    private OpenSshServer inner;
    private KnownHosts knownHosts;
    private SshConnector connector;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        Requires.sshd();
        knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
    }

    @AfterEach
    void stop() throws Exception {
        for (OpenSshServer server : new OpenSshServer[] {inner, outer}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private void servers(List<String> outerConfig) throws Exception {
        outer = OpenSshServer.start(dir.resolve("outer"), "DEBUG", outerConfig);
        inner = OpenSshServer.start(dir.resolve("inner"), "DEBUG", List.of());
        outer.authorize(SshKeys.publicKey(key));
        inner.authorize(SshKeys.publicKey(key));
    }

    private ConnectSpec through(String jumps, int targetPort) {
        ConnectSpec direct = new ConnectSpec("jump", inner.host(), targetPort, inner.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color");
        return direct.withAccess(direct.access().withJumps(JumpHosts.parse(jumps).value()));
    }

    private String outerJump() {
        return outer.user() + "@" + outer.host() + ":" + outer.port();
    }

    @Test
    void theTargetIsReachedThroughTheJumpHostAndBothHostKeysAreAskedAbout() throws Exception {
        servers(List.of());
        ScriptedInteraction interaction = new ScriptedInteraction()
                .hostKey(HostKeyDecision.ACCEPT_AND_SAVE).hostKey(HostKeyDecision.ACCEPT_AND_SAVE);
        try (SshConnection connection = connector.attempt(through(outerJump(), inner.port()), interaction, 80, 24)
                .run()) {
            assertTrue(connection.isOpen());
            assertEquals(List.of(outer.host() + ":" + outer.port()), connection.jumpHosts());
            assertEquals("through " + inner.port() + "\n", connection.run("echo through $(echo $SSH_CONNECTION"
                    + " | cut -d' ' -f4)", 1000, Duration.ofSeconds(10)));
        }
        assertEquals(List.of("host-key " + outer.hostKeyFingerprint("ed25519"),
                "host-key " + inner.hostKeyFingerprint("ed25519")), interaction.questions(),
                "the jump host's key first, then the target's");
        // the jump host opened the channel to the target; the target saw a login coming from the jump host's side
        outer.awaitLog(Pattern.compile("server_request_direct_tcpip: .*target " + Pattern.quote(inner.host())
                + " port " + inner.port() + "$"), LOG_WAIT);
        inner.awaitLog(Pattern.compile("Accepted publickey for " + Pattern.quote(inner.user())), LOG_WAIT);
        assertTrue(interaction.progress().stream().anyMatch(step -> step.contains("through " + outer.host() + ":"
                + outer.port())), interaction.progress().toString());

        ScriptedInteraction again = new ScriptedInteraction();
        connector.attempt(through(outerJump(), inner.port()), again, 80, 24).run().close();
        assertEquals(List.of(), again.questions(), "both keys were saved");
    }

    @Test
    void closingTheConnectionClosesTheJumpHostsConnectionToo() throws Exception {
        servers(List.of());
        trustBoth();
        SshConnection connection = connector.attempt(through(outerJump(), inner.port()), new ScriptedInteraction(),
                80, 24).run();
        connection.close();
        assertFalse(connection.isOpen());
        outer.awaitLog(Pattern.compile("(Disconnected from|Received disconnect from|Connection closed by) .*127\\.0\\.0\\.1"), LOG_WAIT);
    }

    @Test
    void aChainOfTwoJumpHostsWorks() throws Exception {
        servers(List.of());
        trustBoth();
        try (SshConnection connection = connector.attempt(through(outerJump() + "," + outerJump(), inner.port()),
                new ScriptedInteraction(), 80, 24).run()) {
            assertEquals(2, connection.jumpHosts().size());
            assertEquals("ok\n", connection.run("echo ok", 100, Duration.ofSeconds(10)));
        }
    }

    @Test
    void aPortForwardOfAChainRunsOnTheTargetsConnection() throws Exception {
        servers(List.of());
        trustBoth();
        int local;
        try (ServerSocket socket = new ServerSocket(0)) {
            local = socket.getLocalPort();
        }
        ConnectSpec chained = through(outerJump(), inner.port());
        // from the target's side, its own sshd is at 127.0.0.1:port: the banner comes back through both hops
        ConnectSpec spec = chained.withAccess(chained.access().withForwards(List.of(
                dev.holdfast.session.PortForward.parse("L " + local + ":127.0.0.1:" + inner.port()).value())));
        try (SshConnection connection = connector.attempt(spec, new ScriptedInteraction(), 80, 24).run()) {
            dev.holdfast.testing.Await.until("the forward listens", Duration.ofSeconds(10), () -> connection.forwards()
                    .states().get(0).phase() == dev.holdfast.ssh.forward.ForwardState.Phase.LISTENING);
            try (java.net.Socket client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), local)) {
                client.setSoTimeout(10_000);
                String banner = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                assertTrue(banner.startsWith("SSH-2.0-OpenSSH"), banner);
            }
        }
        inner.awaitLog(Pattern.compile("server_request_direct_tcpip: .*target 127\\.0\\.0\\.1 port " + inner.port()
                + "$"), LOG_WAIT);
        assertTrue(outer.findLog(Pattern.compile("server_request_direct_tcpip: .*port " + local)).isEmpty(),
                "the jump host only carried the chain, not the forward");
    }

    @Test
    void aJumpHostThatForbidsForwardingSaysSoInWords() throws Exception {
        servers(List.of("AllowTcpForwarding no"));
        trustBoth();
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                through(outerJump(), inner.port()), new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.REFUSED, failure.kind());
        assertEquals("The jump host " + outer.host() + ":" + outer.port() + " could not reach " + inner.host() + ":"
                + inner.port() + ": it does not allow forwarding (its AllowTcpForwarding setting).", failure.getMessage());
    }

    @Test
    void aTargetNobodyListensOnIsSaidToBeUnreachableFromTheJumpHost() throws Exception {
        servers(List.of());
        trustBoth();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                through(outerJump(), port), new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.REFUSED, failure.kind());
        assertTrue(failure.getMessage().startsWith("The jump host " + outer.host() + ":" + outer.port()
                + " could not reach " + inner.host() + ":" + port + ": it could not connect there"), failure.getMessage());
    }

    @Test
    void aLoginRefusedByTheJumpHostNamesTheJumpHost() throws Exception {
        outer = OpenSshServer.start(dir.resolve("outer"));
        inner = OpenSshServer.start(dir.resolve("inner"));
        inner.authorize(SshKeys.publicKey(key)); // not the outer one
        trustBoth();
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                through(outerJump(), inner.port()), new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertTrue(failure.getMessage().startsWith("At the jump host " + outer.host() + ":" + outer.port() + ": "),
                failure.getMessage());
    }

    @Test
    void aDeclinedHostKeyOfTheJumpHostStopsBeforeTheTarget() throws Exception {
        servers(List.of());
        ScriptedInteraction interaction = new ScriptedInteraction().hostKey(HostKeyDecision.CANCEL);
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                through(outerJump(), inner.port()), interaction, 80, 24).run());
        assertEquals(List.of("host-key " + outer.hostKeyFingerprint("ed25519")), interaction.questions());
        assertTrue(failure.kind() == ConnectFailure.Kind.CANCELLED || failure.getMessage().startsWith("At the jump host"),
                failure.kind() + ": " + failure.getMessage());
        assertTrue(inner.findLog(Pattern.compile("Accepted publickey")).isEmpty(), "the target was never reached");
    }

    private void trustBoth() throws Exception {
        knownHosts.accept(outer.host(), outer.port(), outer.hostKey("ed25519"));
        knownHosts.accept(inner.host(), inner.port(), inner.hostKey("ed25519"));
    }
}
