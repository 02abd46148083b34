package dev.holdfast.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.RemoteSession;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ssh.ShellStart;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.NetnsSshd;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resume, don't reconnect, against Debian's sshd in a network namespace with Debian's tmux and screen (their
 * servers of this test's own, through {@code SetEnv} in sshd_config): a loop prints a counter every 100 ms with
 * its shell's PID in the rig's remote session; the path is blackholed until the lifecycle declares the
 * connection dead (keepalive 1 s x 3), then restored; a Reconnect (manual, or automatic) attaches the same
 * session: the new connection says it resumed, the same PID goes on printing higher counters, and the
 * multiplexer's own history (tmux's {@code capture-pane}, screen's {@code hardcopy -h}, read through the new
 * connection) has every counter, without a gap. And a network change: the client's address goes away (the
 * app's NetworkWatch sees it), the connection dies, an automatic reconnect counts down 30 s; the address comes
 * back, and the reconnect starts at once and resumes, well before the countdown would have ended.
 */
class ResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOOP = "i=0; while :; do i=$((i+1)); echo \"tick $i pid $$\"; sleep 0.1; done";
    private static final int FILL = 300;
    private static final Pattern FILLED = Pattern.compile("(?m)^fill (\\d+)\\s*$");
    private static final Pattern TICK = Pattern.compile("tick (\\d+) pid (\\d+)(?=\\D)");

    @TempDir
    Path dir;
    private Multiplexers multiplexers;
    private NetnsSshd server;
    private LifecycleRig rig;

    @BeforeEach
    void start() throws Exception {
        Requires.multiplexers();
        multiplexers = Multiplexers.in(dir.resolve("mux"));
        server = NetnsSshd.start(dir.resolve("sshd"), List.of("SetEnv " + multiplexers.environment()));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        rig = new LifecycleRig(dir, server.host(), server.port(), server.user(), key, server.hostKey());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (rig != null) {
                rig.close();
            }
            if (multiplexers != null) {
                multiplexers.stopAll();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}, automatic reconnect {1}")
    @CsvSource({"TMUX, false", "TMUX, true", "SCREEN, false", "SCREEN, true"})
    void aBlackholedPathIsResumedWithTheSameShellAndNoGapInTheHistory(RemoteSession kind, boolean automatic)
            throws Exception {
        RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor("resume it", 1));
        rig.remote = remote;
        rig.automatic = automatic;
        String pid = startLoop(remote);

        int mark = rig.seen.size();
        server.blackhole();
        LifecycleRig.Seen dead = rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "declared dead");
        assertTrue(dead.status().cause().startsWith("No reply to 3 keepalive probes"), dead.status().cause());
        int deadAt = rig.seen.indexOf(dead);
        int outputMark = rig.output.length();
        long before = highest(rig.output.substring(0, outputMark), pid);
        server.unblackhole();
        if (automatic) {
            rig.awaitFrom(deadAt, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
        } else {
            rig.lifecycle.connect();
        }
        SshLink resumed = rig.awaitLive(deadAt);

        assertResumed(remote, resumed, pid, outputMark, before);
    }

    @Test
    void theAddressComingBackDuringALongCountdownReconnectsAtOnceAndResumes() throws Exception {
        RemoteShell remote = new RemoteShell(RemoteSession.TMUX, RemoteShell.nameFor("resume it", 2));
        rig.remote = remote;
        rig.automatic = true;
        rig.firstDelay = Duration.ofSeconds(30);
        AtomicInteger changes = new AtomicInteger();
        Runnable stopCounting = rig.connections.onNetworkChange(changes::incrementAndGet);
        try {
            String pid = startLoop(remote);

            int mark = rig.seen.size();
            int changesBefore = changes.get();
            server.removeClientAddress();
            rig.awaitFrom(mark, s -> s.state() == LinkState.DEAD, "declared dead");
            LifecycleRig.Seen countdown = rig.awaitFrom(mark, s -> s.state() == LinkState.COUNTDOWN,
                    "the automatic reconnect counts down");
            // The watch must have seen the address go, or its return would look like no change at all.
            Await.until("the network watch to see the address go", WAIT, () -> changes.get() > changesBefore);
            int outputMark = rig.output.length();
            long before = highest(rig.output.substring(0, outputMark), pid);
            int logMark = rig.log.size();
            int restoredAt = rig.seen.size();
            // The countdown counted down to when the address comes back (another process's network change
            // may have started an attempt, failed without the address, and begun a longer one).
            long due = rig.seen.get(restoredAt - 1).status().countdown()
                    .orElse(countdown.status().countdown().orElseThrow()).dueNanos();
            server.restoreClientAddress();
            LifecycleRig.Seen live = rig.awaitFrom(restoredAt, s -> s.state() == LinkState.LIVE, "connected");

            assertTrue(rig.log.subList(logMark, rig.log.size()).stream()
                    .anyMatch(line -> line.matches("The network changed: automatic reconnect \\d+ starts now")),
                    "the network change started the reconnect: " + rig.log);
            assertTrue(live.atNanos() < due, "connected " + (due - live.atNanos()) / 1e9
                    + " s before the countdown would have ended");
            assertResumed(remote, live.status().link().orElseThrow(), pid, outputMark, before);
        } finally {
            stopCounting.run();
        }
    }

    /** Connects, starts the loop in the remote session and returns its shell's PID once it printed a few ticks. */
    private String startLoop(RemoteShell remote) throws Exception {
        rig.lifecycle.connect();
        SshLink first = rig.awaitLive(0);
        assertEquals(new ShellStart(remote, remote, false, ""), first.connection().shellStart());
        // more lines than screen keeps unless told (100) before the loop: the history must hold them all
        rig.type("seq -f \"fill %g\" 1 " + FILL + "; " + LOOP + "\r");
        return Await.value("the loop to print five ticks", WAIT, () -> ticks(rig.output.toString()).stream()
                .filter(t -> t.counter() >= 5).findFirst().map(Tick::pid), rig.output::toString);
    }

    /**
     * The new connection attached the same session, the same shell prints counters above {@code before} (the
     * highest one seen before the drop) on it and goes on doing so, and the multiplexer's history has every
     * counter from 1 to the latest, once each, after the lines printed before the loop.
     */
    private void assertResumed(RemoteShell remote, SshLink resumed, String pid, int outputMark, long before)
            throws Exception {
        SshConnection connection = resumed.connection();
        assertEquals(new ShellStart(remote, remote, true, ""), connection.shellStart(), "resumed");
        long shown = Await.value("the same shell to print above tick " + before + " on the new connection", WAIT,
                () -> {
                    List<Tick> now = ticks(rig.output.substring(outputMark));
                    return now.stream().anyMatch(t -> t.pid().equals(pid) && t.counter() > before)
                            ? Optional.of(highest(rig.output.substring(outputMark), pid)) : Optional.empty();
                }, () -> rig.output.substring(outputMark));
        Await.until("the same shell to go on printing after tick " + shown, WAIT,
                () -> highest(rig.output.substring(outputMark), pid) >= shown + 3, () -> rig.output.substring(outputMark));
        List<Tick> after = ticks(rig.output.substring(outputMark));
        assertTrue(after.stream().allMatch(t -> t.pid().equals(pid)),
                "only shell " + pid + " prints on the new connection: " + after);

        long latest = highest(rig.output.toString(), pid);
        String text = history(remote, connection, latest);
        List<Long> fill = new ArrayList<>();
        for (Matcher m = FILLED.matcher(text); m.find(); ) {
            fill.add(Long.parseLong(m.group(1)));
        }
        assertEquals(FILL, fill.size(), "the " + FILL + " lines before the loop are in the history");
        List<Tick> history = ticks(text);
        assertTrue(history.stream().allMatch(t -> t.pid().equals(pid)), "one shell in the history: " + history);
        List<Long> counters = history.stream().map(Tick::counter).toList();
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= counters.get(counters.size() - 1); i++) {
            expected.add(i);
        }
        assertEquals(expected, counters, "every counter from 1 on, once, in the " + remote.kind().program()
                + " history");
        assertTrue(counters.get(counters.size() - 1) >= latest, "the history reaches tick " + latest);
    }

    /** The multiplexer's own history of the session's pane, read through {@code connection}, up to tick {@code atLeast}. */
    private String history(RemoteShell remote, SshConnection connection, long atLeast) throws Exception {
        if (remote.kind() == RemoteSession.TMUX) {
            // "=NAME:" is the session's current window and pane; "=NAME" alone is no pane to tmux 3.3
            String command = "tmux capture-pane -p -S - -t =" + remote.name() + ": 2>&1";
            StringBuilder last = new StringBuilder();
            return Await.value("tmux's history to reach tick " + atLeast, WAIT, () -> {
                String captured = connection.run(command, 1 << 20, WAIT);
                last.setLength(0);
                last.append(captured);
                return ticks(captured).stream().anyMatch(t -> t.counter() >= atLeast) ? Optional.of(captured)
                        : Optional.empty();
            }, () -> "`" + command + "` printed:\n" + last);
        }
        String listed = connection.run("screen -ls", 1 << 16, WAIT);
        Matcher id = Pattern.compile("(\\d+\\." + Pattern.quote(remote.name()) + ")\\s").matcher(listed);
        assertTrue(id.find(), "screen lists " + remote.name() + ": " + listed);
        Path file = dir.resolve("hardcopy.txt");
        Files.deleteIfExists(file);
        connection.run("screen -S " + id.group(1) + " -X hardcopy -h " + file, 1 << 16, WAIT);
        // screen -X hands the command to the session and returns; the session writes the file after.
        return Await.value("screen's hardcopy to reach tick " + atLeast, WAIT, () -> {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String copied = Files.readString(file);
            return ticks(copied).stream().anyMatch(t -> t.counter() >= atLeast) ? Optional.of(copied)
                    : Optional.empty();
        });
    }

    private record Tick(long counter, String pid) {
    }

    private static List<Tick> ticks(String text) {
        List<Tick> found = new ArrayList<>();
        Matcher m = TICK.matcher(text);
        while (m.find()) {
            found.add(new Tick(Long.parseLong(m.group(1)), m.group(2)));
        }
        return found;
    }

    private static long highest(String text, String pid) {
        return ticks(text).stream().filter(t -> t.pid().equals(pid)).mapToLong(Tick::counter).max().orElse(0);
    }
}
