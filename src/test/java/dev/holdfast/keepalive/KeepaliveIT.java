package dev.holdfast.keepalive;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestSshServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The seed articles' scenarios, scaled down in time: a real SSH connection through a NAT-like proxy that
 * forgets idle flows or blackholes them, watched by the real keepalive engine.
 */
class KeepaliveIT {
    @TempDir
    Path dir;

    private TestSshServer server;
    private NatProxy nat;
    private KeepaliveEngine engine;
    private SshConnection connection;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer();
        nat = new NatProxy(server.port());
        engine = KeepaliveEngine.start();
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept("127.0.0.1", nat.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
        ConnectSpec spec = new ConnectSpec("nat", "127.0.0.1", nat.port(), TestSshServer.USER, AuthMethod.PASSWORD,
                Optional.empty(), Duration.ofSeconds(10), "xterm-256color");
        connection = TestConnectors.connector(knownHosts, new SecretCache())
                .attempt(spec, new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = connection.output().read(buffer)) >= 0) {
                    synchronized (screen) {
                        screen.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // connection gone
            }
        }, "test-screen");
        reader.setDaemon(true);
        reader.start();
        waitForScreen("test$", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws IOException {
        connection.close();
        engine.close();
        nat.close();
        server.close();
    }

    @Test
    void cProbesEverySecondDeclareABlackholedServerDeadAtFourSecondsWithThreeUnanswered() throws Exception {
        RecordedEvents events = new RecordedEvents();
        KeepaliveEngine.Monitor monitor = engine.monitor(connection.keepaliveTransport(),
                new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(1), 3), events);
        Await.until("a probe answered while the path works", Duration.ofSeconds(5), () -> {
            HealthSnapshot s = monitor.snapshot();
            return s.probesSent() >= 1 && s.repliesReceived() == s.probesSent() && s.lastRtt().isPresent();
        }, () -> monitor.snapshot().toString());
        HealthSnapshot healthy = monitor.snapshot();
        assertTrue(healthy.probesSent() >= 1 && healthy.repliesReceived() == healthy.probesSent(),
                "answered while the path works: " + healthy);
        assertTrue(healthy.lastRtt().isPresent());

        nat.setBlackhole(true);
        long deadAt = events.deadAt.get(15, TimeUnit.SECONDS);
        long lastInbound = connection.keepaliveTransport().lastInboundNanos();
        double afterLastByte = (deadAt - lastInbound) / 1e9;
        System.out.printf("blackhole: declared dead %.3f s after the last inbound byte (rule: 4 s)%n", afterLastByte);
        assertTrue(afterLastByte >= 3.0 && afterLastByte <= 4.5, "dead after " + afterLastByte + " s");
        HealthSnapshot dead = monitor.snapshot();
        assertEquals(HealthSnapshot.State.DEAD, dead.state());
        assertEquals(3, dead.unanswered());
        assertTrue(events.cause.startsWith("No reply to 3 keepalive probes; the server has been silent for 4 s"),
                events.cause);
        assertTrue(events.log.stream().anyMatch(e -> e.contains("probe 3 of 3")), events.log.toString());
    }

    @Test
    void aWithKeepalivesOffAForgottenNatFlowSwallowsTheNextCommandAndNothingNotices() throws Exception {
        nat.setIdleTimeout(Duration.ofSeconds(3));
        RecordedEvents events = new RecordedEvents();
        KeepaliveEngine.Monitor monitor = engine.monitor(connection.keepaliveTransport(),
                new KeepalivePolicy(KeepaliveMode.OFF, Duration.ofSeconds(15), 3), events);
        // The idle time is what is under test: the NAT forgets the flow after 3 s of silence.
        Thread.sleep(6000);
        type("echo still-there-$((1+1))\n");
        assertFalse(screenEventually("still-there-2", Duration.ofSeconds(10)), "no echo through a forgotten flow");
        assertTrue(connection.isOpen(), "the client still thinks the connection is fine");
        assertEquals(HealthSnapshot.State.UNMONITORED, monitor.snapshot().state());
        assertFalse(events.deadAt.isDone(), "nothing noticed");
        assertEquals(1, nat.forgottenFlows());
    }

    @Test
    void bNullPacketsEverySecondKeepTheNatFlowAliveThroughFifteenIdleSeconds() throws Exception {
        nat.setIdleTimeout(Duration.ofSeconds(3));
        RecordedEvents events = new RecordedEvents();
        KeepaliveEngine.Monitor monitor = engine.monitor(connection.keepaliveTransport(),
                new KeepalivePolicy(KeepaliveMode.NULL_PACKET, Duration.ofSeconds(1), 3), events);
        // The idle time is what is under test: 15 s, five NAT idle timeouts, kept alive by null packets.
        Thread.sleep(15000);
        type("echo still-there-$((1+1))\n");
        assertTrue(screenEventually("still-there-2", Duration.ofSeconds(10)), "the command echoes");
        assertEquals(0, nat.forgottenFlows());
        assertTrue(monitor.snapshot().nullPacketsSent() >= 13, monitor.snapshot().toString());
        assertFalse(events.deadAt.isDone());
    }

    private void type(String text) throws IOException {
        connection.input().write(text.getBytes(StandardCharsets.UTF_8));
        connection.input().flush();
    }

    private boolean screenEventually(String text, Duration limit) throws InterruptedException {
        return Await.within(limit, () -> {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8).contains(text);
            }
        });
    }

    private void waitForScreen(String text, Duration limit) throws InterruptedException {
        if (!screenEventually(text, limit)) {
            throw new AssertionError("never saw " + text);
        }
    }
}
