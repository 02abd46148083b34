package dev.holdfast.keepalive;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
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
import dev.holdfast.testing.SshClientStderr;
import dev.holdfast.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario g: Debian's real sshd in a network namespace, the path to it blackholed by the namespace's own
 * firewall (DROP in and out: no reset, no ICMP, just silence). Holdfast's keepalive engine and, on the same
 * path at the same moment, the OpenSSH client with the same settings ({@code ServerAliveInterval=1},
 * {@code ServerAliveCountMax=3}) must both declare the connection dead as the rule says: Interval x
 * (CountMax + 1) = 4 s after the server's last byte, so 3 to 4 s after the blackhole, since both probe every
 * second of silence and each probe is answered within a millisecond while the path works.
 *
 * <p>The blackhole is timed to fall within 0.7 s after both clients last heard from the server (the engine's
 * own clock for it, the kernel's {@code lastrcv} for the OpenSSH client's socket): the blackhole's time is
 * taken when the iptables command returns, a few milliseconds after the rules took effect, so a blackhole just
 * before a probe's answer would put a correct client a hair under 3.0 s.
 */
class NetnsBlackholeIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int COUNT_MAX = 3;
    private static final double RULE_SECONDS = INTERVAL.toMillis() / 1000.0 * (COUNT_MAX + 1);
    private static final long ALIGN_WITHIN_MILLIS = 700;

    @TempDir
    Path dir;

    private NetnsSshd server;
    private KeepaliveEngine engine;
    private SshConnection connection;

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
    void gEngineAndOpenSshClientBothDeclareABlackholedSshdDeadFourSecondsAfterItsLastByte() throws Exception {
        Requires.netns();
        server = NetnsSshd.start(dir.resolve("sshd"));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));

        // Holdfast: the real connector, public key, the host key trusted beforehand.
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey());
        ConnectSpec spec = new ConnectSpec("netns", server.host(), server.port(), server.user(),
                AuthMethod.PUBLIC_KEY, Optional.of(key), Duration.ofSeconds(5), "xterm-256color");
        ScriptedInteraction interaction = new ScriptedInteraction();
        connection = TestConnectors.connector(knownHosts, new SecretCache()).attempt(spec, interaction, 80, 24).run();
        ShellOutput.drain(connection);
        assertEquals(List.of(), interaction.questions(), "the host key was trusted beforehand");

        // OpenSSH: the same keepalive settings on the same path.
        Process ssh = server.sshClient(key, List.of("ServerAliveInterval=" + INTERVAL.toSeconds(),
                "ServerAliveCountMax=" + COUNT_MAX, "ConnectTimeout=5"), Optional.of("sleep 120"));
        SshClientStderr sshErr = new SshClientStderr(ssh);
        server.awaitLog(Pattern.compile("Starting session: command for root from "
                + Pattern.quote(server.clientAddress())), Duration.ofSeconds(10));

        engine = KeepaliveEngine.start();
        RecordedEvents events = new RecordedEvents();
        KeepaliveTransport transport = connection.keepaliveTransport();
        KeepaliveEngine.Monitor monitor = engine.monitor(transport, new KeepalivePolicy(KeepaliveMode.PROBE,
                INTERVAL, COUNT_MAX), events);
        Await.until("the engine's probes answered while the path works", Duration.ofSeconds(5), () -> {
            HealthSnapshot s = monitor.snapshot();
            return s.probesSent() >= 1 && s.repliesReceived() == s.probesSent();
        }, () -> monitor.snapshot().toString());
        HealthSnapshot healthy = monitor.snapshot();
        assertTrue(healthy.probesSent() >= 1 && healthy.repliesReceived() == healthy.probesSent(),
                "the engine's probes are answered while the path works: " + healthy);
        assertTrue(ssh.isAlive(), "ssh is connected; its stderr:\n" + sshErr.text);

        OptionalLong sshSinceAtCut = awaitBothRecentlyHeardFromServer(transport, ssh.pid());
        long engineLastBefore = transport.lastInboundNanos();
        long cutAt = server.blackhole();
        long cutTook = cutAt - server.blackholeStartNanos();

        // Shortly after the cut, ask the kernel when ssh's socket last received: nothing arrives after the cut.
        // Part of the measurement, not a wait for a condition: sample ssh's lastrcv once the cut is 300 ms old.
        Thread.sleep(300);
        long sampled = System.nanoTime();
        OptionalLong sshSince = server.millisSinceReceived(ssh.pid());
        long sampledAfter = System.nanoTime();

        long deadAt = await(events.deadAt, "the engine never declared the connection dead; its events: "
                + events.log);
        long sshTimeoutAt = await(sshErr.timeoutAt, "ssh never timed out; its stderr:\n" + sshErr.text);
        assertTrue(ssh.waitFor(5, TimeUnit.SECONDS), "ssh exits after its timeout");
        long engineLastIn = transport.lastInboundNanos();

        double engineAfterCut = (deadAt - cutAt) / 1e9;
        double engineAfterLastByte = (deadAt - engineLastIn) / 1e9;
        double sshAfterCut = (sshTimeoutAt - cutAt) / 1e9;
        System.out.printf("netns blackhole (Interval %d s, CountMax %d, rule %.1f s after the last byte; "
                        + "iptables took %.1f ms):%n", INTERVAL.toSeconds(), COUNT_MAX, RULE_SECONDS, cutTook / 1e6);
        System.out.printf("  engine: dead %.3f s after the blackhole, %.3f s after its last inbound byte "
                + "(%.3f s before the blackhole)%n", engineAfterCut, engineAfterLastByte, (cutAt - engineLastIn) / 1e9);
        if (sshSince.isPresent()) {
            long sshLastIn = (sampled + sampledAfter) / 2 - TimeUnit.MILLISECONDS.toNanos(sshSince.getAsLong());
            System.out.printf("  ssh:    dead %.3f s after the blackhole, %.3f s after its last inbound byte "
                    + "(kernel lastrcv, +-%.0f ms; %.3f s before the blackhole); exit status %d%n", sshAfterCut,
                    (sshTimeoutAt - sshLastIn) / 1e9, Math.ceil((sampledAfter - sampled) / 2e6) + 1,
                    (cutAt - sshLastIn) / 1e9, ssh.exitValue());
        } else {
            System.out.printf("  ssh:    dead %.3f s after the blackhole (no lastrcv from ss); exit status %d%n",
                    sshAfterCut, ssh.exitValue());
        }
        System.out.printf("  before the cut: engine last heard %.3f s, ssh %s; dropped packets %d; engine %s%n",
                (server.blackholeStartNanos() - engineLastBefore) / 1e9,
                sshSinceAtCut.isPresent() ? sshSinceAtCut.getAsLong() / 1000.0 + " s" : "unknown",
                server.droppedPackets(), monitor.snapshot());

        assertTrue(events.cause.startsWith("No reply to 3 keepalive probes"), events.cause);
        assertEquals(HealthSnapshot.State.DEAD, monitor.snapshot().state());
        assertTrue(engineLastIn < cutAt, "nothing came in after the blackhole");
        assertTrue(engineAfterCut >= 3.0 && engineAfterCut <= 4.5,
                "the engine declared dead " + engineAfterCut + " s after the blackhole, not within [3.0, 4.5]");
        assertEquals(RULE_SECONDS, engineAfterLastByte, 0.3,
                "the engine declared dead " + engineAfterLastByte + " s after its last inbound byte");
        assertTrue(SshClientStderr.TIMEOUT.matcher(sshErr.text).find(), sshErr.text.toString());
        assertEquals(255, ssh.exitValue(), "ssh's exit status; its stderr:\n" + sshErr.text);
        assertTrue(sshAfterCut >= 3.0 && sshAfterCut <= 4.5,
                "ssh gave up " + sshAfterCut + " s after the blackhole, not within [3.0, 4.5]; stderr:\n" + sshErr.text);
    }

    /**
     * Waits (at most 3 s) for a moment when both the engine's connection and the OpenSSH client's socket
     * received something from the server within the last {@link #ALIGN_WITHIN_MILLIS} ms. Both hear from the
     * server about once a second (a probe's answer), so such a moment always comes within a second.
     *
     * @return the OpenSSH socket's lastrcv in ms at that moment, if ss reported one
     */
    private OptionalLong awaitBothRecentlyHeardFromServer(KeepaliveTransport transport, long sshPid)
            throws IOException, InterruptedException {
        OptionalLong[] last = {OptionalLong.empty()};
        boolean aligned = Await.within(Duration.ofSeconds(3), () -> {
            long before = System.nanoTime();
            OptionalLong sshSince = server.millisSinceReceived(sshPid);
            last[0] = sshSince;
            long queryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            long engineSince = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - transport.lastInboundNanos());
            return sshSince.isPresent() && sshSince.getAsLong() + queryMillis <= ALIGN_WITHIN_MILLIS
                    && engineSince <= ALIGN_WITHIN_MILLIS;
        });
        OptionalLong sshSince = last[0];
        if (aligned) {
            return sshSince;
        }
        System.out.println("could not time the blackhole after both clients' last inbound byte; last ss lastrcv: "
                + sshSince);
        return sshSince;
    }

    private static long await(CompletableFuture<Long> when, String otherwise) throws Exception {
        try {
            return when.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(otherwise + " (waited 10 s)", e);
        }
    }
}
