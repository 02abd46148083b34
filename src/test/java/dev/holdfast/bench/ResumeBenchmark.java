package dev.holdfast.bench;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.lifecycle.LifecycleRig;
import dev.holdfast.lifecycle.LinkState;
import dev.holdfast.lifecycle.SshLink;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.NetnsSshd;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.SshKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: from the path coming back to the resumed shell echoing a typed line, for a tab whose
 * shell runs in tmux and, beside it in the same run, a plain-shell tab, both with automatic reconnect and the
 * app's network change detection on.
 *
 * <pre>
 * mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ResumeBenchmark
 * </pre>
 *
 * <p>Two servers, each Debian's sshd in a network namespace of its own ({@link NetnsSshd}; tmux's server of
 * this run's own through {@code SetEnv TMUX_TMPDIR}), one per tab, so each trial cuts one tab's path only. Each
 * tab is a {@link LifecycleRig}: the app's Connections (with its NetworkWatch, polling every 2 s), SshDialer,
 * lifecycle and keepalive engine, keepalive probes every 1 s (CountMax 3) and automatic reconnect on, its first
 * attempt counted down from 30 s, far longer than a trial: every reconnect measured is started by the network
 * watch (the lifecycle's log says so, checked in each trial). A trial: the client's address is
 * removed from the tab's veth ({@link NetnsSshd#removeClientAddress}), as when a laptop loses its Wi-Fi;
 * the connection is declared dead (by the check the watch starts, or the probes, whichever first) and the
 * automatic reconnect counts down; then, after a random 0-2000 ms (so the address comes back at a random point of
 * the watch's 2 s poll: otherwise the check's 5 s deadline would lock it to one phase), the address is put
 * back. Measured on this JVM's
 * {@link System#nanoTime()} from the moment {@code ip addr add} returned: the network watch reporting the
 * change (the watch's poll phase), the reconnected connection live (new connection, authentication, the
 * tmux probe and attach), and the typed line {@code echo mark-N-$$} echoed by the shell, typed as soon as the
 * new connection printed anything (tmux's redraw; the plain shell's first output). The PID the line prints is
 * compared with the one tmux's shell had at the start. Trials alternate tmux and plain, tmux first in odd
 * trials and second in even ones.
 *
 * <p>Options: {@code holdfast.bench.trials} (default 20), {@code holdfast.bench.seed} (the random phases).
 */
class ResumeBenchmark {
    private static final int TRIALS = Integer.getInteger("holdfast.bench.trials", 20);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double GOAL_SECONDS = 3.0;
    private static final Duration COUNTDOWN = Duration.ofSeconds(30);
    private static final long SEED = Long.getLong("holdfast.bench.seed", 1);
    private final Random random = new Random(SEED);

    @TempDir
    Path dir;

    /** One trial of one tab, in seconds from the address put back. */
    private record Trial(double detected, double live, double echoed, boolean samePid) {
    }

    /** A tab: its server, its rig, the shell's PID at the start, and when the network watch last reported. */
    private record Tab(String label, NetnsSshd server, LifecycleRig rig, String pid, AtomicLong changedAt,
                       AtomicInteger changes, List<Trial> trials) {
    }

    @Test
    void resumedTmuxBesidePlainReconnectAfterTheAddressComesBack() throws Exception {
        Requires.multiplexers();
        String loadBefore = SshThroughputBenchmark.loadavg();
        System.out.printf(Locale.ROOT, "loadavg before: %s%n", loadBefore);
        quietConnectionLogs();
        Multiplexers multiplexers = Multiplexers.in(dir.resolve("mux"));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            Tab tmux = tab("tmux", new RemoteShell(RemoteSession.TMUX, RemoteShell.nameFor("resume bench", 1)),
                    multiplexers, key, toClose);
            Tab plain = tab("plain", RemoteShell.plain(), multiplexers, key, toClose);
            long started = System.nanoTime();
            int mark = 0;
            for (int i = 1; i <= TRIALS; i++) {
                List<Tab> order = i % 2 == 1 ? List.of(tmux, plain) : List.of(plain, tmux);
                for (Tab tab : order) {
                    Trial t = trial(tab, ++mark);
                    tab.trials().add(t);
                    System.out.printf(Locale.ROOT, "trial %2d %-5s: watch saw it %.3f s, live %.3f s, echoed %.3f s "
                            + "after the address came back; same PID %s | loadavg %s%n", i, tab.label(), t.detected,
                            t.live, t.echoed, t.samePid ? "yes" : "no", SshThroughputBenchmark.loadavg());
                }
            }
            double minutes = (System.nanoTime() - started) / 60e9;
            System.out.printf(Locale.ROOT, "%nResume after a dropped path, %d trials per tab (%.1f min); seconds from "
                    + "`ip addr add` returning%n", TRIALS, minutes);
            System.out.printf(Locale.ROOT, "%-46s %-22s %-22s%n", "seconds: median / worst (best)", "tmux (resumed)",
                    "plain shell (new)");
            row(tmux, plain, "network watch reported the change", Trial::detected);
            row(tmux, plain, "connection live (shell attached or started)", Trial::live);
            row(tmux, plain, "typed line echoed", Trial::echoed);
            row(tmux, plain, "  of which live -> echoed", t -> t.echoed - t.live);
            long same = tmux.trials().stream().filter(Trial::samePid).count();
            long withinGoal = tmux.trials().stream().filter(t -> t.echoed <= GOAL_SECONDS).count();
            System.out.printf(Locale.ROOT, "tmux: same PID in %d of %d; echoed within %.0f s in %d of %d%n", same,
                    TRIALS, GOAL_SECONDS, withinGoal, TRIALS);
            System.out.printf(Locale.ROOT, "plain: same PID in %d of %d (a new shell each time, as expected)%n",
                    plain.trials().stream().filter(Trial::samePid).count(), TRIALS);
            System.out.printf(Locale.ROOT, "loadavg before: %s%nloadavg after:  %s%n", loadBefore,
                    SshThroughputBenchmark.loadavg());
        } finally {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                toClose.get(i).close();
            }
            multiplexers.stopAll();
        }
    }

    /** A server of its own, a rig connected to it, and the shell's PID. */
    private Tab tab(String label, RemoteShell remote, Multiplexers multiplexers, Path key, List<AutoCloseable> toClose)
            throws Exception {
        NetnsSshd server = NetnsSshd.start(dir.resolve("sshd-" + label), List.of("SetEnv " + multiplexers.environment()));
        toClose.add(server);
        server.authorize(SshKeys.publicKey(key));
        LifecycleRig rig = new LifecycleRig(dir.resolve("rig-" + label), server.host(), server.port(), server.user(),
                key, server.hostKey());
        toClose.add(rig);
        rig.remote = remote;
        rig.automatic = true;
        // keepalive 1 s x 3, so the cut is declared dead within 4 s whatever the network check does; a countdown
        // far longer than any trial, so every reconnect measured is the network change's doing
        rig.keepalive = new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(1), 3);
        rig.firstDelay = COUNTDOWN;
        rig.maxAttempts = Settings.RECONNECT_ATTEMPTS.builtIn();
        AtomicLong changedAt = new AtomicLong();
        AtomicInteger changes = new AtomicInteger();
        rig.connections.onNetworkChange(() -> {
            changedAt.set(System.nanoTime());
            changes.incrementAndGet();
        });
        rig.lifecycle.connect();
        rig.awaitLive(0);
        int from = rig.output.length();
        rig.type("echo start-$$\r");
        String pid = echoed(rig, from, "start").group(1);
        return new Tab(label, server, rig, pid, changedAt, changes, new ArrayList<>());
    }

    private Trial trial(Tab tab, int n) throws Exception {
        LifecycleRig rig = tab.rig();
        int mark = rig.seen.size();
        int changesBefore = tab.changes().get();
        tab.server().removeClientAddress();
        rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "declared dead");
        rig.awaitFrom(mark, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
        // Else the address coming back would be no change to the watch.
        Await.until("the network watch to see the address go", WAIT, () -> tab.changes().get() > changesBefore);
        // Pacing under measurement: the phase of the address's return against the watch's poll.
        Thread.sleep(random.nextInt(2000));
        int restoredAt = rig.seen.size();
        int logMark = rig.log.size();
        tab.server().restoreClientAddress();
        long restored = System.nanoTime();
        LifecycleRig.Seen live = rig.awaitFrom(restoredAt, s -> s.state() == LinkState.LIVE, "connected");
        if (rig.log.subList(logMark, rig.log.size()).stream()
                .noneMatch(line -> line.startsWith("The network changed: automatic reconnect"))) {
            throw new AssertionError(tab.label() + " trial " + n + ": the reconnect was not the network change's: "
                    + rig.log.subList(logMark, rig.log.size()));
        }
        SshLink link = live.status().link().orElseThrow();
        if (tab.rig().remote.kind().survives() && !link.connection().shellStart().resumed()) {
            throw new AssertionError(tab.label() + " trial " + n + ": not resumed: " + link.connection().shellStart());
        }
        long detected = tab.changedAt().get();
        int from = rig.output.length();
        Await.until("the new connection to print something", WAIT, () -> rig.output.length() > from);
        int typedFrom = rig.output.length();
        rig.type("echo mark-" + n + "-$$\r");
        Matcher echo = echoed(rig, typedFrom, "mark-" + n);
        long echoedAt = System.nanoTime();
        return new Trial((detected - restored) / 1e9, (live.atNanos() - restored) / 1e9, (echoedAt - restored) / 1e9,
                echo.group(1).equals(tab.pid()));
    }

    /** Waits for {@code word-PID} in the output from {@code from} on; group 1 is the PID. */
    private static Matcher echoed(LifecycleRig rig, int from, String word) throws InterruptedException {
        Pattern pattern = Pattern.compile(Pattern.quote(word) + "-(\\d+)(?=\\D)");
        return Await.value(word + " echoed", WAIT, () -> {
            Matcher m = pattern.matcher(rig.output.substring(from));
            return m.find() ? Optional.of(m) : Optional.empty();
        }, () -> rig.output.substring(from));
    }

    private static void row(Tab a, Tab b, String label, ToDoubleFunction<Trial> f) {
        System.out.printf(Locale.ROOT, "%-46s %-22s %-22s%n", label, figures(a.trials(), f), figures(b.trials(), f));
    }

    private static String figures(List<Trial> trials, ToDoubleFunction<Trial> f) {
        double[] v = trials.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return String.format(Locale.ROOT, "%.3f / %.3f (%.3f)", median, v[n - 1], v[0]);
    }

    /** The connector, the engine and the lifecycle log each connect and death at INFO; keep warnings. */
    private static void quietConnectionLogs() {
        for (String name : List.of("dev.holdfast.ssh", "dev.holdfast.keepalive", "dev.holdfast.lifecycle")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
