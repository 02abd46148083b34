package dev.holdfast.bench;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.DeadPeerRule;
import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.KeepaliveEngine;
import dev.holdfast.keepalive.KeepaliveEvents;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.keepalive.KeepaliveTransport;
import dev.holdfast.keepalive.RecordedEvents;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.NetnsSshd;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.ShellOutput;
import dev.holdfast.testing.SshClientStderr;
import dev.holdfast.testing.SshKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: how long after a blackhole a dead connection is declared, for Holdfast (the
 * production {@link SshConnector} and {@link KeepaliveEngine}, SSH-level probes) and, side by side on the
 * same blackholed path in the same trial, Debian's OpenSSH client with the same settings
 * ({@code ssh -o ServerAliveInterval=1 -o ServerAliveCountMax=3 ... sleep 600}).
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BlackholeDetectionBenchmark
 * </pre>
 *
 * <p>Each trial has a fresh network namespace with its own sshd ({@link NetnsSshd}): both clients connect,
 * the engine starts watching, and after 1.5 s (probes answered) plus a random 0-1000 ms, so the blackhole falls
 * at a random point of the probe cycle, {@link NetnsSshd#blackhole()} drops everything in and out of the
 * namespace. Times are taken on this JVM's {@link System#nanoTime()}: the blackhole when the iptables command
 * returned (the rules took effect in the few milliseconds before); Holdfast dead when the engine calls
 * {@link KeepaliveEvents#dead}; ssh when its "Timeout, server ... not responding" line is read from its stderr
 * and when the process has exited. The last inbound byte before the blackhole is exact for Holdfast (the
 * connection's own traffic meter); for ssh it comes from the kernel ({@code ss -ti} "lastrcv" of its socket,
 * ms resolution, sampled 300 ms after the blackhole).
 *
 * <p>The rule, as {@link DeadPeerRule} and the engine state it: probes go out Interval, 2 x Interval, ...
 * after the last inbound byte, and the connection is declared dead when a probe falls due while CountMax are
 * unanswered: Interval x (CountMax + 1) after the last inbound byte. OpenSSH's client counts the same way.
 *
 * <p>Options: {@code holdfast.bench.trials} (default 20), {@code holdfast.bench.seed} (the random phases).
 */
class BlackholeDetectionBenchmark {
    private static final int TRIALS = Integer.getInteger("holdfast.bench.trials", 20);
    private static final long SEED = Long.getLong("holdfast.bench.seed", 1);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int COUNT_MAX = 3;
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** One trial's times, in seconds. */
    private record Trial(double phase, double cutTook, double engineAfterCut, double engineAfterLastIn,
                         double engineLastInBeforeCut, double sshLineAfterCut, double sshExitAfterCut,
                         double sshAfterLastIn, double sshLastInBeforeCut, int sshExit, long probes, long replies) {
    }

    @Test
    void holdfastAndOpenSshOnTheSameBlackholedPath() throws Exception {
        String loadBefore = SshThroughputBenchmark.loadavg();
        System.out.printf(Locale.ROOT, "loadavg before: %s%n", loadBefore);
        quietConnectionLogs();
        Duration rule = DeadPeerRule.declaredDeadAfter(KeepaliveMode.PROBE, INTERVAL, COUNT_MAX).orElseThrow();
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        Random random = new Random(SEED);
        List<Trial> trials = new ArrayList<>();
        long started = System.nanoTime();
        try (KeepaliveEngine engine = KeepaliveEngine.start()) {
            for (int i = 1; i <= TRIALS; i++) {
                Trial t = trial(i, engine, key, random.nextInt(1000));
                trials.add(t);
                System.out.printf(Locale.ROOT, "trial %2d: phase %3.0f ms | Holdfast dead %.3f s after the blackhole, "
                        + "%.3f s after its last inbound byte | ssh exit %.3f s (timeout line %.3f s) after the "
                        + "blackhole, %.3f s after its last inbound byte, status %d | loadavg %s%n", i, t.phase * 1000,
                        t.engineAfterCut, t.engineAfterLastIn, t.sshExitAfterCut, t.sshLineAfterCut, t.sshAfterLastIn,
                        t.sshExit, SshThroughputBenchmark.loadavg());
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;

        System.out.printf(Locale.ROOT, "%nBlackhole detection, %d trials (%.1f min), Interval %d s, CountMax %d; rule: "
                + "dead Interval x (CountMax + 1) = %.1f s after the last inbound byte, so %.1f-%.1f s after the "
                + "blackhole%n", TRIALS, minutes, INTERVAL.toSeconds(), COUNT_MAX, rule.toMillis() / 1000.0,
                (rule.toMillis() - INTERVAL.toMillis()) / 1000.0, rule.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "%-62s %s%n", "seconds", "min / median / max");
        row(trials, "Holdfast: dead after the blackhole", Trial::engineAfterCut);
        row(trials, "ssh: process exit after the blackhole", Trial::sshExitAfterCut);
        row(trials, "ssh: \"Timeout ...\" line after the blackhole", Trial::sshLineAfterCut);
        row(trials, "Holdfast: dead after its last inbound byte (exact)", Trial::engineAfterLastIn);
        row(trials, "ssh: exit after its last inbound byte (kernel lastrcv, +-1 ms)", Trial::sshAfterLastIn);
        row(trials, "ssh: \"Timeout ...\" line after its last inbound byte",
                t -> t.sshAfterLastIn - (t.sshExitAfterCut - t.sshLineAfterCut));
        row(trials, "Holdfast minus ssh, same trial, after the blackhole",
                t -> t.engineAfterCut - t.sshExitAfterCut);
        row(trials, "Holdfast: last inbound byte before the blackhole", Trial::engineLastInBeforeCut);
        row(trials, "ssh: last inbound byte before the blackhole", Trial::sshLastInBeforeCut);
        row(trials, "iptables-restore (blackhole) took", Trial::cutTook);
        System.out.printf(Locale.ROOT, "measured minus rule, after the last inbound byte (medians): Holdfast %+.3f s, "
                + "ssh exit %+.3f s%n", median(trials, Trial::engineAfterLastIn) - rule.toMillis() / 1000.0,
                median(trials, Trial::sshAfterLastIn) - rule.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "loadavg before: %s%nloadavg after:  %s%n", loadBefore,
                SshThroughputBenchmark.loadavg());
    }

    private Trial trial(int number, KeepaliveEngine engine, Path key, int phaseMillis) throws Exception {
        Path trialDir = dir.resolve("trial-" + number);
        SshConnection connection = null;
        KeepaliveEngine.Monitor monitor = null;
        try (NetnsSshd server = NetnsSshd.start(trialDir.resolve("sshd"))) {
            server.authorize(SshKeys.publicKey(key));
            KnownHosts knownHosts = new KnownHosts(List.of(), trialDir.resolve("known_hosts"));
            knownHosts.accept(server.host(), server.port(), server.hostKey());
            ConnectSpec spec = new ConnectSpec("netns", server.host(), server.port(), server.user(),
                    AuthMethod.PUBLIC_KEY, Optional.of(key), Duration.ofSeconds(5), "xterm-256color");
            connection = TestConnectors.connector(knownHosts, new SecretCache())
                    .attempt(spec, new ScriptedInteraction(), 80, 24).run();
            ShellOutput.drain(connection);

            Process ssh = server.sshClient(key, List.of("ServerAliveInterval=" + INTERVAL.toSeconds(),
                    "ServerAliveCountMax=" + COUNT_MAX, "ConnectTimeout=5"), Optional.of("sleep 600"));
            SshClientStderr sshErr = new SshClientStderr(ssh);
            CompletableFuture<Long> sshExitAt = new CompletableFuture<>();
            ssh.onExit().thenRun(() -> sshExitAt.complete(System.nanoTime()));
            server.awaitLog(Pattern.compile("Starting session: command for root from "
                    + Pattern.quote(server.clientAddress())), Duration.ofSeconds(10));

            RecordedEvents events = new RecordedEvents();
            KeepaliveTransport transport = connection.keepaliveTransport();
            monitor = engine.monitor(transport, new KeepalivePolicy(KeepaliveMode.PROBE, INTERVAL, COUNT_MAX), events);
            // Pacing under measurement: the trial's phase of the blackhole against the 1 s probe schedule.
            Thread.sleep(1500 + phaseMillis);
            HealthSnapshot healthy = monitor.snapshot();
            assertTrue(healthy.probesSent() >= 1 && healthy.repliesReceived() >= 1,
                    "trial " + number + ": the engine's probes are answered while the path works: " + healthy);
            assertTrue(ssh.isAlive(), "trial " + number + ": ssh is connected; its stderr:\n" + sshErr.text);

            long cutAt = server.blackhole();
            long cutTook = cutAt - server.blackholeStartNanos();
            long engineLastInAtCut = transport.lastInboundNanos();
            // Part of the measurement: ssh's lastrcv is sampled once the cut is 300 ms old.
            Thread.sleep(300);
            long before = System.nanoTime();
            OptionalLong sshSince = server.millisSinceReceived(ssh.pid());
            long after = System.nanoTime();

            long deadAt = await(events.deadAt, "trial " + number + ": the engine never declared the connection dead; "
                    + "its events: " + events.log);
            long lineAt = await(sshErr.timeoutAt, "trial " + number + ": ssh never timed out; its stderr:\n"
                    + sshErr.text);
            long exitAt = await(sshExitAt, "trial " + number + ": ssh did not exit");
            long engineLastIn = transport.lastInboundNanos();
            assertEquals(engineLastInAtCut, engineLastIn, "trial " + number + ": nothing came in after the blackhole");
            assertTrue(events.cause.startsWith("No reply to " + COUNT_MAX + " keepalive probes"), events.cause);
            assertEquals(255, ssh.exitValue(), "trial " + number + ": ssh's exit status; stderr:\n" + sshErr.text);
            assertTrue(sshSince.isPresent(), "trial " + number + ": ss found no socket for ssh (pid " + ssh.pid() + ")");
            long sshLastIn = (before + after) / 2 - TimeUnit.MILLISECONDS.toNanos(sshSince.getAsLong());
            HealthSnapshot dead = monitor.snapshot();
            return new Trial(phaseMillis / 1000.0, cutTook / 1e9, (deadAt - cutAt) / 1e9, (deadAt - engineLastIn) / 1e9,
                    (cutAt - engineLastIn) / 1e9, (lineAt - cutAt) / 1e9, (exitAt - cutAt) / 1e9,
                    (exitAt - sshLastIn) / 1e9, (cutAt - sshLastIn) / 1e9, ssh.exitValue(), dead.probesSent(),
                    dead.repliesReceived());
        } finally {
            if (monitor != null) {
                monitor.stop();
            }
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static long await(CompletableFuture<Long> when, String otherwise) throws Exception {
        try {
            return when.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(otherwise + " (waited " + LIMIT.toSeconds() + " s)", e);
        }
    }

    private static void row(List<Trial> trials, String label, ToDoubleFunction<Trial> f) {
        double[] v = trials.stream().mapToDouble(f).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-62s %.3f / %.3f / %.3f%n", label, v[0], median(trials, f), v[v.length - 1]);
    }

    private static double median(List<Trial> trials, ToDoubleFunction<Trial> f) {
        double[] v = trials.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The connector and the engine log each connect and death at INFO; keep warnings. */
    private static void quietConnectionLogs() {
        for (String name : List.of("dev.holdfast.ssh", "dev.holdfast.keepalive")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
