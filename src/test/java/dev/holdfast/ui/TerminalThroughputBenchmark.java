package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TerminalTextFile;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Terminal throughput, side by side in one run: {@code cat} of a text file (20 MB by default) over SSH into a
 * Holdfast tab, against xterm running the OpenSSH client to the same Debian sshd, same file, same terminal
 * size, runs alternating. Needs a real display (Xvfb) and the real GTK glass platform, not Monocle, because
 * drawing is part of what is measured: see BENCHMARKS.md for the command. Prints the figures; asserts only
 * that the set-up worked (sizes, the whole file reached both terminals).
 *
 * <p>Both terminals get the output of {@code cat} on a remote PTY, and both measurements start with the
 * connection already made: xterm's {@code ssh} runs over a ControlMaster connection opened before, and
 * Holdfast's tab is connected before the command is typed. xterm's time is the wall time of its
 * {@code ssh} (which cannot finish before xterm has read all but the last PTY buffer of the output);
 * Holdfast's runs from the Enter key to the moment the marker line printed after the file is in the
 * emulator's screen buffer. Before the timed runs, one warm-up run of each is printed apart: Holdfast's
 * first {@code cat} runs before the JIT has compiled the emulator.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalThroughputBenchmark {
    private static final int MEGABYTES = Integer.getInteger("holdfast.bench.mb", 20);
    private static final int RUNS = Integer.getInteger("holdfast.bench.runs", 5);
    private static final String GEOMETRIES = System.getProperty("holdfast.bench.geometries", "80x24,200x50");
    private static final long RUN_LIMIT_SECONDS = 300;

    @TempDir
    Path dir;

    private OpenSshServer server;
    private Path key;
    private Path file;
    private Path knownHosts;
    private Path controlSocket;
    private Services services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        assertNotNull(System.getenv("DISPLAY"), "this benchmark needs a display: run it under Xvfb (BENCHMARKS.md)");
        assertTrue(!"Monocle".equalsIgnoreCase(System.getProperty("glass.platform")),
                "this benchmark draws on the real display: override the test argLine (BENCHMARKS.md)");
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + server.host() + "]:" + server.port() + " "
                + Files.readString(server.hostPublicKeyFile("ed25519")).trim() + "\n");
        services = UiFlows.keySession(dir.resolve("config"), "bench", server, key);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        if (controlSocket != null) {
            run(List.of("ssh", "-S", controlSocket.toString(), "-O", "exit", "-p", String.valueOf(server.port()),
                    server.user() + "@" + server.host()), 10);
        }
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
        server.close();
    }

    @Test
    void catIntoHoldfastAndXterm(FxRobot robot) throws Exception {
        file = TerminalTextFile.write(dir.resolve("text.txt"), MEGABYTES * 1024L * 1024L);
        openControlMaster();
        robot.doubleClickOn(UiFlows.sessionCell(robot, stage, "bench"));
        waitFor(10, () -> !window.tabArea().tabPane().getTabs().isEmpty(), "the session's tab");
        TerminalTab tab = (TerminalTab) window.tabArea().tabPane().getTabs().get(0).getUserData();
        waitFor(30, () -> tab.state() == TerminalTab.State.LIVE && tab.screenText().contains("#"), "the shell's prompt");
        Path script = dir.resolve("holdfast-run.sh");
        Files.writeString(script, "clear\ncat '" + file + "'\necho HF_DONE_$1\n");

        System.out.printf(Locale.ROOT, "%nTerminal throughput: %d MB file (%d bytes), %d runs, %s%n",
                MEGABYTES, Files.size(file), RUNS, System.getProperty("prism.order", "default prism order"));
        List<String> table = new ArrayList<>();
        boolean cold = true;
        for (String geometry : GEOMETRIES.split(",")) {
            int columns = Integer.parseInt(geometry.split("x")[0]);
            int rows = Integer.parseInt(geometry.split("x")[1]);
            sizeTerminal(tab, columns, rows);
            typeLine(robot, "stty size");
            waitFor(10, () -> tab.screenText().lines().anyMatch(l -> l.strip().equals(rows + " " + columns)),
                    "the shell sees " + geometry);
            if (cold) {
                // The first cat in a fresh app runs before the JIT has compiled the emulator; reported apart.
                cold = false;
                double xtermFirst = xtermSeconds(columns, rows);
                double holdfastFirst = holdfastSeconds(robot, tab, script, 0);
                System.out.printf(Locale.ROOT, "  %s first (untimed warm-up): xterm %.2f s, Holdfast %.2f s%n",
                        geometry, xtermFirst, holdfastFirst);
            }
            List<Double> xterm = new ArrayList<>();
            List<Double> holdfast = new ArrayList<>();
            List<Double> noTerminal = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                xterm.add(xtermSeconds(columns, rows));
                holdfast.add(holdfastSeconds(robot, tab, script, run));
                noTerminal.add(sshToNullSeconds());
                System.out.printf(Locale.ROOT, "  %s run %d: xterm %.2f s, Holdfast %.2f s (ratio %.2f), "
                        + "ssh to /dev/null %.2f s, load %s%n", geometry, run, xterm.get(run - 1),
                        holdfast.get(run - 1), holdfast.get(run - 1) / xterm.get(run - 1), noTerminal.get(run - 1),
                        loadAverage());
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ratios.add(holdfast.get(i) / xterm.get(i));
            }
            double mb = Files.size(file) / 1e6;
            table.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f / %.1f | %s |", geometry,
                    Stats.of(xterm), Stats.of(holdfast), Stats.of(ratios), mb / Stats.median(xterm),
                    mb / Stats.median(holdfast), Stats.of(noTerminal)));
        }
        System.out.println("| geometry | xterm + ssh, s | Holdfast, s | Holdfast / xterm | MB/s xterm / Holdfast "
                + "| ssh -tt to /dev/null, s |");
        System.out.println("|---|---|---|---|---|---|");
        table.forEach(System.out::println);
    }

    private double holdfastSeconds(FxRobot robot, TerminalTab tab, Path script, int run) throws Exception {
        String marker = "HF_DONE_" + run;
        robot.write("sh '" + script + "' " + run);
        WaitForAsyncUtils.waitForFxEvents();
        long begin = System.nanoTime();
        robot.type(KeyCode.ENTER);
        boolean done = Await.within(Duration.ofSeconds(RUN_LIMIT_SECONDS),
                () -> tab.screenText().lines().anyMatch(l -> l.strip().equals(marker)));
        assertTrue(done, "the file did not finish in the tab within " + RUN_LIMIT_SECONDS + " s");
        long end = System.nanoTime();
        String last = TerminalTextFile.lastLine(file);
        assertTrue(tab.screenText().contains(last.substring(0, Math.min(last.length(), 20))),
                "the file's last line is on the screen above the marker");
        Thread.sleep(500); // pacing: a quiet gap between timed runs
        return (end - begin) / 1e9;
    }

    private double xtermSeconds(int columns, int rows) throws Exception {
        Path result = dir.resolve("xterm-result");
        Path size = dir.resolve("xterm-size");
        Files.deleteIfExists(result);
        String ssh = "ssh -S '" + controlSocket + "' -t -p " + server.port() + " " + server.user() + "@" + server.host();
        String script = "stty size > '" + size + "'\n"
                + "t0=$(date +%s%N)\n"
                + ssh + " \"cat '" + file + "'\"\n"
                + "t1=$(date +%s%N)\n"
                + "echo $((t1 - t0)) > '" + result + "'\n";
        Path scriptFile = dir.resolve("xterm-run.sh");
        Files.writeString(scriptFile, script);
        Process xterm = new ProcessBuilder("xterm", "-geometry", columns + "x" + rows, "-e", "sh", scriptFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("xterm.log").toFile()).start();
        assertTrue(xterm.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS), "xterm did not finish");
        assertEquals(rows + " " + columns, Files.readString(size).strip(), "xterm's terminal size");
        assertTrue(Files.exists(result), "xterm's run wrote no result: " + Files.readString(dir.resolve("xterm.log")));
        return Long.parseLong(Files.readString(result).strip()) / 1e9;
    }

    /** The same transfer with no terminal at all: the OpenSSH client's output, from a remote PTY, thrown away. */
    private double sshToNullSeconds() throws Exception {
        long begin = System.nanoTime();
        Process ssh = new ProcessBuilder("ssh", "-S", controlSocket.toString(), "-tt", "-p", String.valueOf(server.port()),
                server.user() + "@" + server.host(), "cat '" + file + "'")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(ssh.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS), "ssh to /dev/null did not finish");
        assertEquals(0, ssh.exitValue(), "ssh to /dev/null failed");
        return (System.nanoTime() - begin) / 1e9;
    }

    /** The OpenSSH client's connection for xterm's runs, opened once, so they measure the output only. */
    private void openControlMaster() throws Exception {
        controlSocket = dir.resolve("cm.sock");
        int status = run(List.of("ssh", "-M", "-S", controlSocket.toString(), "-f", "-N",
                "-o", "ControlPersist=yes", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-i", key.toString(), "-p", String.valueOf(server.port()),
                server.user() + "@" + server.host()), 20);
        assertEquals(0, status, "the OpenSSH control master did not start");
    }

    /** Resizes the window until the terminal has exactly this many columns and rows. */
    private void sizeTerminal(TerminalTab tab, int columns, int rows) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            int[] now = tab.terminalSize().orElseThrow();
            if (now[0] == columns && now[1] == rows) {
                return;
            }
            Canvas canvas = (Canvas) tab.tab().getContent().lookup("Canvas");
            double cellWidth = canvas.getWidth() / now[0];
            double cellHeight = canvas.getHeight() / now[1];
            WaitForAsyncUtils.asyncFx(() -> {
                stage.setWidth(stage.getWidth() + (columns - now[0]) * cellWidth + (now[0] < columns ? 1 : -1));
                stage.setHeight(stage.getHeight() + (rows - now[1]) * cellHeight + (now[1] < rows ? 1 : -1));
            }).get(5, TimeUnit.SECONDS);
            int[] before = now;
            Await.within(Duration.ofSeconds(2), () -> !java.util.Arrays.equals(tab.terminalSize().orElseThrow(), before));
            WaitForAsyncUtils.waitForFxEvents();
        }
        int[] reached = tab.terminalSize().orElseThrow();
        assertEquals(columns + "x" + rows, reached[0] + "x" + reached[1], "the tab's terminal size");
    }

    private static void typeLine(FxRobot robot, String text) {
        robot.write(text);
        robot.type(KeyCode.ENTER);
    }

    private static void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition, String what)
            throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    private int run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("command.log").toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Median and range of a few figures, as BENCHMARKS.md shows them. */
    static final class Stats {
        static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        static String of(List<Double> values) {
            return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(values),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
    }
}
