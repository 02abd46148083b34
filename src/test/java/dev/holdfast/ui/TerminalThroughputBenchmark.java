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
import java.util.concurrent.atomic.AtomicReference;
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
 * Holdfast tab, against xterm, Alacritty and kitty each running the OpenSSH client to the same Debian sshd, same
 * file, same terminal size, and the same transfer into {@code /dev/null} (no terminal: the floor), runs
 * alternating. Needs a real display (Xvfb) and the real GTK glass platform, not Monocle, because drawing is
 * part of what is measured: see BENCHMARKS.md for the command. Prints the figures; asserts only that the
 * set-up worked (each terminal's size as {@code stty size} sees it, the whole file reached every terminal).
 *
 * <p>Every terminal gets the output of {@code cat} on a remote PTY, and every measurement starts with the
 * connection already made: the other terminals' {@code ssh} runs over a ControlMaster connection opened
 * before, and Holdfast's tab is connected before the command is typed. Their time is the wall time of their
 * {@code ssh} (which cannot finish before the terminal has read all but the last PTY buffer of the output);
 * Holdfast's runs from the Enter key to the moment the marker line printed after the file is in the
 * emulator's screen buffer. Before the timed runs, one warm-up run of each is printed apart: Holdfast's
 * first {@code cat} runs before the JIT has compiled the emulator.
 *
 * <p>Options: {@code -Dholdfast.bench.mb=N}, {@code -Dholdfast.bench.runs=N},
 * {@code -Dholdfast.bench.geometries=80x24,200x50}, {@code -Dholdfast.bench.others=xterm,alacritty,kitty}.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalThroughputBenchmark {
    private static final int MEGABYTES = Integer.getInteger("holdfast.bench.mb", 20);
    private static final int RUNS = Integer.getInteger("holdfast.bench.runs", 5);
    private static final String GEOMETRIES = System.getProperty("holdfast.bench.geometries", "80x24,200x50");
    /** The other terminals, each running the OpenSSH client: xterm, alacritty, kitty. */
    private static final List<String> OTHERS = List.of(System.getProperty("holdfast.bench.others",
            "xterm,alacritty,kitty").split(","));
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
        // opened as a double-click does, without the pointer: under Xvfb with no window manager the clicks and
        // keys go to whatever window is under the pointer, which the other terminals' windows may cover
        WaitForAsyncUtils.asyncFx(() -> window.open(services.library().catalog().byName("bench").orElseThrow()))
                .get(5, TimeUnit.SECONDS);
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
            sizeTerminal(robot, tab, columns, rows);
            if (cold) {
                // The first cat in a fresh app runs before the JIT has compiled the emulator; reported apart.
                cold = false;
                StringBuilder first = new StringBuilder();
                for (String other : OTHERS) {
                    first.append(String.format(Locale.ROOT, "%s %.2f s, ", other, otherSeconds(other, columns, rows)));
                }
                double holdfastFirst = holdfastSeconds(robot, tab, script, 0);
                System.out.printf(Locale.ROOT, "  %s first (untimed warm-up): %sHoldfast %.2f s%n", geometry, first,
                        holdfastFirst);
            }
            java.util.Map<String, List<Double>> others = new java.util.LinkedHashMap<>();
            OTHERS.forEach(other -> others.put(other, new ArrayList<>()));
            List<Double> holdfast = new ArrayList<>();
            List<Double> noTerminal = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                StringBuilder line = new StringBuilder();
                for (String other : OTHERS) {
                    double seconds = otherSeconds(other, columns, rows);
                    others.get(other).add(seconds);
                    line.append(String.format(Locale.ROOT, "%s %.2f s, ", other, seconds));
                }
                holdfast.add(holdfastSeconds(robot, tab, script, run));
                noTerminal.add(sshToNullSeconds());
                System.out.printf(Locale.ROOT, "  %s run %d: %sHoldfast %.2f s, ssh to /dev/null %.2f s, load %s%n",
                        geometry, run, line, holdfast.get(run - 1), noTerminal.get(run - 1), loadAverage());
            }
            StringBuilder row = new StringBuilder("| " + geometry + " | ");
            for (String other : OTHERS) {
                row.append(Stats.of(others.get(other))).append(" | ");
            }
            row.append(Stats.of(holdfast)).append(" | ").append(Stats.of(noTerminal)).append(" | ");
            for (String other : OTHERS) {
                row.append(Stats.of(ratios(holdfast, others.get(other)))).append(" | ");
            }
            row.append(Stats.of(ratios(holdfast, noTerminal))).append(" |");
            table.add(row.toString());
        }
        StringBuilder header = new StringBuilder("| size | ");
        OTHERS.forEach(other -> header.append(other).append(" + ssh, s | "));
        header.append("Holdfast, s | ssh -tt to /dev/null, s | ");
        OTHERS.forEach(other -> header.append("Holdfast / ").append(other).append(" | "));
        header.append("Holdfast / floor |");
        System.out.println(header);
        System.out.println("|---".repeat(2 * OTHERS.size() + 4) + "|");
        table.forEach(System.out::println);
    }

    private double holdfastSeconds(FxRobot robot, TerminalTab tab, Path script, int run) throws Exception {
        String marker = "HF_DONE_" + run;
        focus(tab);
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

    /** Run by run: Holdfast's time over the other's. */
    private static List<Double> ratios(List<Double> holdfast, List<Double> other) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < holdfast.size(); i++) {
            ratios.add(holdfast.get(i) / other.get(i));
        }
        return ratios;
    }

    /**
     * One run in another terminal (xterm, alacritty or kitty) at its defaults but for the size: the wall time of
     * its {@code ssh -t … cat}, measured by the shell inside it; the size it gave the shell is checked.
     */
    private double otherSeconds(String terminal, int columns, int rows) throws Exception {
        Path result = dir.resolve(terminal + "-result");
        Path size = dir.resolve(terminal + "-size");
        Files.deleteIfExists(size);
        Files.deleteIfExists(result);
        String ssh = "ssh -S '" + controlSocket + "' -t -p " + server.port() + " " + server.user() + "@" + server.host();
        String script = "stty size > '" + size + "'\n"
                + "t0=$(date +%s%N)\n"
                + ssh + " \"cat '" + file + "'\"\n"
                + "t1=$(date +%s%N)\n"
                + "echo $((t1 - t0)) > '" + result + "'\n";
        Path scriptFile = dir.resolve(terminal + "-run.sh");
        Files.writeString(scriptFile, script);
        Path log = dir.resolve(terminal + ".log");
        ProcessBuilder builder = new ProcessBuilder(switch (terminal) {
            case "xterm" -> List.of("xterm", "-geometry", columns + "x" + rows, "-e", "sh", scriptFile.toString());
            // its own defaults, not the user's configuration file; Mesa's software GL under Xvfb
            case "alacritty" -> List.of("alacritty", "--config-file", "/dev/null",
                    "-o", "window.dimensions.columns=" + columns, "-o", "window.dimensions.lines=" + rows,
                    "-e", "sh", scriptFile.toString());
            case "kitty" -> List.of("kitty", "--config", "NONE", "-o", "initial_window_width=" + columns + "c",
                    "-o", "initial_window_height=" + rows + "c", "-o", "remember_window_size=no",
                    "sh", scriptFile.toString());
            default -> throw new IllegalArgumentException("no such terminal: " + terminal + " (xterm, alacritty, kitty)");
        }).redirectErrorStream(true).redirectOutput(log.toFile());
        if (terminal.equals("alacritty")) {
            builder.environment().put("LIBGL_ALWAYS_SOFTWARE", "1");
        }
        Process process = builder.start();
        assertTrue(process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS), terminal + " did not finish");
        assertTrue(Files.exists(size), terminal + " did not run the script: " + Files.readString(log));
        assertEquals(rows + " " + columns, Files.readString(size).strip(), terminal + "'s terminal size");
        assertTrue(Files.exists(result), terminal + "'s run wrote no result: " + Files.readString(log));
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

    /** The OpenSSH client's connection for the other terminals' runs, opened once, so they measure the output only. */
    private void openControlMaster() throws Exception {
        controlSocket = dir.resolve("cm.sock");
        int status = run(List.of("ssh", "-M", "-S", controlSocket.toString(), "-f", "-N",
                "-o", "ControlPersist=yes", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-i", key.toString(), "-p", String.valueOf(server.port()),
                server.user() + "@" + server.host()), 20);
        assertEquals(0, status, "the OpenSSH control master did not start");
    }

    /**
     * Gives Holdfast's window the X input focus (no window manager does it under Xvfb, and the other terminals'
     * windows come and go) and its terminal the JavaFX focus, so the robot's keys reach the shell.
     */
    private void focus(TerminalTab tab) throws Exception {
        List<String> windows = command(List.of("xdotool", "search", "--onlyvisible", "--pid",
                Long.toString(ProcessHandle.current().pid()))).lines().filter(l -> !l.isBlank()).toList();
        for (String id : windows) {
            command(List.of("xdotool", "windowraise", id.strip(), "windowfocus", id.strip()));
        }
        WaitForAsyncUtils.asyncFx(tab::focusTerminal).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String command(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }

    /**
     * Resizes the window until the remote shell's {@code stty size} says this many columns and rows: the size
     * the server has is what counts (the widget's own figure can be its initial 80x24 before the first layout).
     */
    private void sizeTerminal(FxRobot robot, TerminalTab tab, int columns, int rows) throws Exception {
        int[] seen = null;
        for (int attempt = 0; attempt < 12; attempt++) {
            focus(tab);
            typeLine(robot, "clear; stty size");
            AtomicReference<int[]> answer = new AtomicReference<>();
            Await.within(Duration.ofSeconds(3), () -> {
                answer.set(tab.screenText().lines().map(String::strip).filter(l -> l.matches("\\d+ \\d+"))
                        .map(l -> new int[] {Integer.parseInt(l.split(" ")[1]), Integer.parseInt(l.split(" ")[0])})
                        .reduce((first, second) -> second).orElse(null));
                return answer.get() != null;
            });
            seen = answer.get();
            if (seen != null && seen[0] == columns && seen[1] == rows) {
                return;
            }
            if (seen == null) {
                continue;
            }
            int[] now = seen;
            Canvas canvas = (Canvas) tab.tab().getContent().lookup("Canvas");
            double cellWidth = canvas.getWidth() / now[0];
            double cellHeight = canvas.getHeight() / now[1];
            if (now[0] != columns || now[1] != rows) {
                WaitForAsyncUtils.asyncFx(() -> {
                    stage.setWidth(stage.getWidth() + (columns - now[0]) * cellWidth + (now[0] < columns ? 1 : -1));
                    stage.setHeight(stage.getHeight() + (rows - now[1]) * cellHeight + (now[1] < rows ? 1 : -1));
                }).get(5, TimeUnit.SECONDS);
            }
            // the widget takes the new size, then the server: wait for the first, then ask the shell again
            Await.within(Duration.ofSeconds(2), () -> tab.terminalSize().map(size -> size[0] != now[0]
                    || size[1] != now[1]).orElse(false));
            WaitForAsyncUtils.waitForFxEvents();
        }
        throw new AssertionError("the shell sees " + (seen == null ? "no size" : seen[0] + "x" + seen[1]) + ", not "
                + columns + "x" + rows + " (the screen: " + tab.screenText().strip() + ")");
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
