package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.RemoteSession;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The names and commands of remote sessions. The commands are checked against the real programs: each is run
 * by {@code bash} and by {@code dash} (as a login shell runs what sshd passes it) with Debian's tmux and screen
 * on private sockets, so what they answer is what those programs do, not what this code expects of them.
 */
class RemoteShellTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        Multiplexers.in(dir).stopAll();
        for (Process p : started) {
            p.destroyForcibly();
        }
    }

    @Test
    void namesKeepOnlyLettersDigitsAndDashesAndTellLossyNamesApart() {
        assertEquals("holdfast-web1-1", RemoteShell.nameFor("web1", 1));
        assertEquals("holdfast-Prod-DB-12", RemoteShell.nameFor("Prod-DB", 12));
        String spaced = RemoteShell.nameFor("web 1", 1);
        String dashed = RemoteShell.nameFor("web-1", 1);
        assertTrue(spaced.startsWith("holdfast-web-1-") && spaced.endsWith("-1"), spaced);
        assertNotEquals(spaced, dashed, "a lossy name gets a hash of the whole name");
        assertEquals(spaced, RemoteShell.nameFor("web 1", 1), "the same name gives the same remote name");
        String hostile = RemoteShell.nameFor("$(touch /tmp/pwned); `id` 'q' \"d\" \\ | & ; < > * ? ! \n", 3);
        assertTrue(RemoteShell.isSafeName(hostile), hostile);
        assertTrue(hostile.matches("holdfast-touch-tmp-pwned-id-q-d-[0-9a-z]{4}-3"), hostile);
        String cyrillic = RemoteShell.nameFor("\u0441\u0435\u0440\u0432\u0435\u0440", 2);
        assertTrue(cyrillic.matches("holdfast-s[0-9a-z]{4}-2"), cyrillic);
        assertTrue(RemoteShell.nameFor("x".repeat(500), 99).length() <= 80);
        assertThrows(IllegalArgumentException.class, () -> new RemoteShell(RemoteSession.TMUX, "a;b"));
        assertThrows(IllegalArgumentException.class, () -> new RemoteShell(RemoteSession.SCREEN, "a b"));
        assertThrows(IllegalArgumentException.class, () -> new RemoteShell(RemoteSession.TMUX, ""));
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.nameFor("web", 0));
        assertEquals("", new RemoteShell(RemoteSession.PLAIN, "anything").name());
    }

    @Test
    void theProbeAnswerIsFoundAmongWhatLoginScriptsPrint() {
        assertEquals(RemoteShell.Probe.RESUME, RemoteShell.parseProbe("Welcome!\nholdfast-probe: resume\n"));
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe("holdfast-probe: new\r\n"));
        assertEquals(RemoteShell.Probe.MISSING, RemoteShell.parseProbe("holdfast-probe: missing"));
        assertEquals(RemoteShell.Probe.MISSING, RemoteShell.parseProbe("sh: not found\n"), "no answer: cannot run it");
        assertEquals(RemoteShell.Probe.MISSING, RemoteShell.parseProbe("echo holdfast-probe: resume"),
                "only a whole line counts");
    }

    @Test
    void listsAreParsedForHoldfastSessionsOnly() {
        String tmux = """
                holdfast-web1-1 0 1796216353 1796216400
                mine 1 1 2
                holdfast-db-2 1 10 20
                holdfast-bad;name 0 1 1
                holdfast-short 0
                """;
        assertEquals(List.of(
                new RemoteShell.Listed("holdfast-web1-1", false, java.util.Optional.of(1796216353L),
                        java.util.Optional.of(1796216400L)),
                new RemoteShell.Listed("holdfast-db-2", true, java.util.Optional.of(10L), java.util.Optional.of(20L))),
                RemoteShell.parseList(RemoteSession.TMUX, tmux));
        String screen = "There are screens on:\n\t2446.holdfast-x-1\t(12/02/26 12:59:13)\t(Detached)\n"
                + "\t2443.holdfast-x-10\t(12/02/26 12:59:12)\t(Attached)\n\t99.mine\t(Detached)\n2 Sockets in /run/screen.\n";
        List<RemoteShell.Listed> listed = RemoteShell.parseList(RemoteSession.SCREEN, screen);
        assertEquals(List.of("holdfast-x-1", "holdfast-x-10"), listed.stream().map(RemoteShell.Listed::name).toList());
        assertEquals(List.of(false, true), listed.stream().map(RemoteShell.Listed::attached).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "dash"})
    void tmuxProbeAnswersNewThenResumeAndEndEndsIt(String shell) throws Exception {
        Requires.multiplexers();
        RemoteShell remote = new RemoteShell(RemoteSession.TMUX, RemoteShell.nameFor("web1", 1));
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        detachedTmux("holdfast-web1-10"); // a name the tab's name is a prefix of: not the tab's session
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        detachedTmux(remote.name());
        assertEquals(RemoteShell.Probe.RESUME, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        List<String> names = RemoteShell.parseList(RemoteSession.TMUX,
                run(shell, RemoteShell.listCommand(RemoteSession.TMUX))).stream().map(RemoteShell.Listed::name).toList();
        assertEquals(List.of("holdfast-web1-1", "holdfast-web1-10"), names.stream().sorted().toList());
        run(shell, remote.endCommand());
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        assertEquals(List.of("holdfast-web1-10"), RemoteShell.parseList(RemoteSession.TMUX,
                run(shell, RemoteShell.listCommand(RemoteSession.TMUX))).stream().map(RemoteShell.Listed::name).toList(),
                "ending one session leaves the other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "dash"})
    void screenProbeMatchesTheExactNameNotAPrefix(String shell) throws Exception {
        Requires.multiplexers();
        RemoteShell remote = new RemoteShell(RemoteSession.SCREEN, RemoteShell.nameFor("web1", 1));
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        detachedScreen("holdfast-web1-10");
        assertEquals(RemoteShell.Probe.NEW, RemoteShell.parseProbe(run(shell, remote.probeCommand())),
                "screen itself matches holdfast-web1-10 for holdfast-web1-1; the probe must not");
        detachedScreen(remote.name());
        assertEquals(RemoteShell.Probe.RESUME, RemoteShell.parseProbe(run(shell, remote.probeCommand())));
        run(shell, remote.endCommand());
        Await.until("the screen session ended", Duration.ofSeconds(20),
                () -> RemoteShell.parseProbe(run(shell, remote.probeCommand())) == RemoteShell.Probe.NEW);
        assertEquals(List.of("holdfast-web1-10"), RemoteShell.parseList(RemoteSession.SCREEN,
                run(shell, RemoteShell.listCommand(RemoteSession.SCREEN))).stream().map(RemoteShell.Listed::name).toList(),
                "ending one session leaves the one whose name it prefixes");
    }

    @ParameterizedTest
    @EnumSource(value = RemoteSession.class, names = {"TMUX", "SCREEN"})
    void aServerWithoutTheProgramAnswersMissing(RemoteSession kind) throws Exception {
        RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor("web1", 1));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("sh", "awk", "cat")) { // what a server without tmux or screen still has
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin/" + tool));
        }
        ProcessBuilder pb = builder(List.of("/bin/bash", "-c", remote.probeCommand()));
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", dir.toString());
        assertEquals(RemoteShell.Probe.MISSING, RemoteShell.parseProbe(output(pb)));
        ProcessBuilder attach = builder(List.of("/bin/bash", "-c", remote.attachCommand()));
        attach.environment().put("PATH", bin.toString());
        attach.environment().put("HOME", dir.toString());
        Process p = attach.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(127, p.exitValue(), "the attach command says 'not found' the way a shell does");
    }

    @Test
    void everyCommandIsOneLineThatEveryShellCanQuote() {
        for (RemoteSession kind : List.of(RemoteSession.TMUX, RemoteSession.SCREEN)) {
            RemoteShell remote = new RemoteShell(kind, RemoteShell.nameFor("web1", 1));
            for (String command : List.of(remote.probeCommand(), remote.attachCommand(), remote.endCommand(),
                    RemoteShell.listCommand(kind))) {
                assertTrue(command.startsWith("sh -c '") && command.endsWith("'"), command);
                String body = command.substring(7, command.length() - 1);
                assertFalse(body.contains("'") || body.contains("!") || body.contains("\n"), command);
            }
        }
    }

    private void detachedTmux(String name) throws Exception {
        Process p = builder(List.of("tmux", "new-session", "-d", "-s", name, "sleep 600")).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    private void detachedScreen(String name) throws Exception {
        Process p = builder(List.of("screen", "-dmS", name, "sleep", "600")).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        Await.until("screen " + name + " started", Duration.ofSeconds(20),
                () -> run("bash", "screen -ls").contains("." + name + "\t"));
    }

    private String run(String shell, String command) throws IOException, InterruptedException {
        return output(builder(List.of(shell, "-c", command)));
    }

    private String output(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** tmux and screen on sockets of this test's own, with a terminal type they accept. */
    private ProcessBuilder builder(List<String> command) throws IOException {
        ProcessBuilder pb = Multiplexers.in(dir).configure(new ProcessBuilder(command));
        pb.environment().put("TERM", "xterm-256color");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb;
    }
}
