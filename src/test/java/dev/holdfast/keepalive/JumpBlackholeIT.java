package dev.holdfast.keepalive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.JumpHosts;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.NetnsSshd;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.ShellOutput;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keepalive through a jump host, with two of Debian's real sshds: the jump host in a network namespace, the
 * target inside that namespace on its loopback, so that it is reachable only through the jump host. The path is
 * blackholed either to the jump host (everything goes silent) or only between the jump host and the target (the
 * jump host still answers); either way the connection is declared dead as the rule says, Interval x (CountMax + 1)
 * = 4 s after the target last spoke, and the cause says which hop went silent.
 */
class JumpBlackholeIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int COUNT_MAX = 3;
    private static final double RULE_SECONDS = INTERVAL.toMillis() / 1000.0 * (COUNT_MAX + 1);
    private static final int INNER_PORT = 2222;

    @TempDir
    Path dir;

    private NetnsSshd server;
    private KeepaliveEngine engine;
    private SshConnection connection;
    private ConnectSpec spec;
    private SshConnector connector;

    @BeforeEach
    void start() throws Exception {
        Requires.netns();
        server = NetnsSshd.start(dir.resolve("sshd"));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey());
        knownHosts.accept("127.0.0.1", INNER_PORT, server.startInner(INNER_PORT));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
        ConnectSpec direct = new ConnectSpec("inner", "127.0.0.1", INNER_PORT, server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(5), "xterm-256color");
        // the target is not reachable from here: nothing listens on this machine's own 127.0.0.1:2222
        assertThrows(ConnectFailure.class, () -> connector.attempt(direct, new ScriptedInteraction(), 80, 24).run());
        spec = direct.withAccess(direct.access().withJumps(
                JumpHosts.parse(server.user() + "@" + server.host()).value()));
        connection = connector.attempt(spec, new ScriptedInteraction(), 80, 24).run();
        ShellOutput.drain(connection);
        String seen = connection.run("echo $SSH_CONNECTION", 1000, Duration.ofSeconds(10));
        assertTrue(seen.trim().endsWith("127.0.0.1 " + INNER_PORT), "the target saw the jump host's side: " + seen);
        engine = KeepaliveEngine.start();
    }

    @AfterEach
    void stop() {
        try {
            if (connection != null) {
                connection.close();
            }
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aBlackholedJumpHostIsDeclaredDeadAtTheRulesInstantAndTheCauseSaysTheJumpHostWentSilent() throws Exception {
        Death death = blackholeAndAwaitDeath(() -> server.blackhole());
        assertTrue(death.cause().contains("The jump host " + server.host() + ":22 went silent too"), death.cause());
        assertTrue(death.strip().matches("jump host " + java.util.regex.Pattern.quote(server.host()) + ":22 silent [3-5] s too"),
                "the health strip's words: " + death.strip());
    }

    @Test
    void silenceBeyondTheJumpHostIsDeclaredDeadAtTheRulesInstantAndTheCauseSaysTheJumpHostStillAnswers()
            throws Exception {
        Death death = blackholeAndAwaitDeath(() -> server.blackholeLoopbackPort(INNER_PORT));
        assertTrue(death.cause().contains("The jump host " + server.host() + ":22 still answers"), death.cause());
        assertEquals("jump host " + server.host() + ":22 answers: the silence is beyond it", death.strip(),
                "the health strip's words");
    }

    @Test
    void aNewAttemptAfterTheBlackholeEndsRebuildsTheWholeChain() throws Exception {
        blackholeAndAwaitDeath(() -> server.blackhole());
        connection.close();
        server.unblackhole();
        connection = connector.attempt(spec, new ScriptedInteraction(), 80, 24).run();
        assertEquals(List.of(server.host() + ":22"), connection.jumpHosts());
        assertEquals("again\n", connection.run("echo again", 100, Duration.ofSeconds(10)));
    }

    private interface Cut {
        long run() throws Exception;
    }

    /** The explained cause of death, and the jump host's words in the health strip at that moment. */
    private record Death(String cause, String strip) { }

    /** Probes every second, cuts the path just after the target spoke, and returns what the person is told. */
    private Death blackholeAndAwaitDeath(Cut cut) throws Exception {
        RecordedEvents events = new RecordedEvents();
        KeepaliveTransport transport = connection.keepaliveTransport();
        KeepaliveEngine.Monitor monitor = engine.monitor(transport, new KeepalivePolicy(KeepaliveMode.PROBE,
                INTERVAL, COUNT_MAX), events);
        Await.until("probes answered through the jump host", Duration.ofSeconds(10), () -> {
            HealthSnapshot s = monitor.snapshot();
            return s.probesSent() >= 2 && s.repliesReceived() == s.probesSent();
        }, () -> monitor.snapshot().toString());
        HopHealth hop = connection.firstHopHealth().orElseThrow();
        assertEquals(server.host() + ":22", hop.endpoint());
        assertTrue(hop.probesSent() >= 2 && hop.repliesReceived() >= 1 && hop.lastRtt().isPresent(),
                "each probe is copied to the jump host, which answers: " + hop);
        assertTrue(dev.holdfast.ui.health.HealthText.hop(hop, monitor.snapshot(), System.nanoTime())
                .startsWith("via " + server.host() + ":22 rtt "), "healthy: the strip names the hop and its round trip");
        Await.until("the target spoke within the last 300 ms", Duration.ofSeconds(3),
                () -> System.nanoTime() - transport.lastInboundNanos() < 300_000_000L);
        long cutAt = cut.run();
        long deadAt = events.deadAt.get(15, TimeUnit.SECONDS);
        long lastIn = transport.lastInboundNanos();
        double afterCut = (deadAt - cutAt) / 1e9;
        double afterLastByte = (deadAt - lastIn) / 1e9;
        System.out.printf("jump host blackhole: dead %.3f s after the cut, %.3f s after the target's last byte%n",
                afterCut, afterLastByte);
        assertTrue(events.cause.startsWith("No reply to 3 keepalive probes"), events.cause);
        assertTrue(lastIn < cutAt, "nothing came in from the target after the cut");
        assertTrue(afterCut >= 3.0 && afterCut <= 4.5, "dead " + afterCut + " s after the cut, not within [3.0, 4.5]");
        assertEquals(RULE_SECONDS, afterLastByte, 0.3, "dead " + afterLastByte + " s after the target's last byte");
        String explained = connection.explainSilence(events.cause);
        String strip = dev.holdfast.ui.health.HealthText.hop(connection.firstHopHealth().orElseThrow(),
                monitor.snapshot(), System.nanoTime());
        System.out.println("  cause: " + explained + "\n  strip: " + strip);
        return new Death(explained, strip);
    }
}
