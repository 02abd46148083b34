package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typing latency, Typometer-style, side by side in one run: a key pressed with XTEST into the focused
 * window, then the cursor's row polled with XGetImage until it changes, for the real Holdfast app (a child
 * JVM: {@code Launcher --session}), xterm and Alacritty, each typing into {@code cat} on a remote PTY over
 * SSH to Debian's sshd on loopback, plus the harness's own floor (a bare X window that draws on the key
 * itself, no terminal, no SSH). Keys alternate {@code x} and BackSpace (cooked-mode echo {@code x}, then
 * {@code \b \b}), so the cursor stays on one row, a random 30-80 ms apart; the terminals take turns in
 * blocks, after one untimed turn each. The probe is {@code src/test/c/xlatency.c}, built here with gcc.
 * Needs a real X display (Xvfb): see BENCHMARKS.md for the command. Prints the figures; asserts only that
 * the set-up worked (each terminal's {@code cat} runs on the server and every key's echo reached the screen).
 *
 * <p>Options: {@code -Dholdfast.bench.keys=N} per terminal (200), {@code -Dholdfast.bench.block=N} keys per
 * turn (20), {@code -Dholdfast.bench.terminals=floor,xterm,alacritty,holdfast} (also {@code kitty}), and
 * {@code -Dholdfast.bench.appOpts="-Dname=value ..."}: JVM options for the Holdfast child (an A/B of a system
 * property is two runs, or {@code holdfast,holdfast-b} with {@code -Dholdfast.bench.appOptsB=...});
 * {@code -Dholdfast.bench.classesB=DIR} runs {@code holdfast-b} from another build's classes (before/after).
 */
class TypingLatencyBenchmark {
    private static final int KEYS = Integer.getInteger("holdfast.bench.keys", 200);
    private static final int BLOCK = Integer.getInteger("holdfast.bench.block", 20);
    private static final String TERMINALS = System.getProperty("holdfast.bench.terminals",
            "floor,xterm,alacritty,holdfast");
    private static final String APP_OPTS = System.getProperty("holdfast.bench.appOpts", "");
    private static final String APP_OPTS_B = System.getProperty("holdfast.bench.appOptsB", "");
    /** Another build's classes for {@code holdfast-b}, ahead of this one's on its class path (a before/after). */
    private static final String CLASSES_B = System.getProperty("holdfast.bench.classesB", "");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private OpenSshServer server;
    private Path key;
    private Path knownHosts;
    private Path probe;
    private final List<Process> started = new ArrayList<>();

    /** One terminal under test: its process, its window and the band of screen rows its cursor is on. */
    private record Terminal(String name, Process process, long window, int top, int bottom) {
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : started) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void typeIntoCatOverSsh() throws Exception {
        assertNotNull(System.getenv("DISPLAY"), "this benchmark needs a display: run it under Xvfb (BENCHMARKS.md)");
        probe = buildProbe();
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + server.host() + "]:" + server.port() + " "
                + Files.readString(server.hostPublicKeyFile("ed25519")).trim() + "\n");

        List<Terminal> terminals = new ArrayList<>();
        for (String name : TERMINALS.split(",")) {
            terminals.add(start(name.strip()));
        }
        System.out.printf(Locale.ROOT, "%nTyping latency: %d keys per terminal in turns of %d, x and BackSpace "
                + "into cat over ssh -tt to sshd on loopback; Holdfast JVM options: [%s]%s; load at start %s%n",
                KEYS, BLOCK, APP_OPTS, APP_OPTS_B.isEmpty() ? "" : ", B: [" + APP_OPTS_B + "]", loadAverage());
        for (Terminal terminal : terminals) {
            System.out.printf(Locale.ROOT, "  %s: window %d, cursor row at y %d-%d%n", terminal.name(),
                    terminal.window(), terminal.top(), terminal.bottom());
        }
        // one untimed turn first: Holdfast's first keys run before the JIT has compiled the paths they take
        StringBuilder warmUp = new StringBuilder("  untimed warm-up turn, median:");
        for (Terminal terminal : terminals) {
            warmUp.append(String.format(Locale.ROOT, " %s %.1f ms", terminal.name(),
                    percentile(measure(terminal, BLOCK + BLOCK % 2, 7), 50)));
        }
        System.out.println(warmUp);
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        terminals.forEach(t -> latencies.put(t.name(), new ArrayList<>()));
        List<String> loads = new ArrayList<>();
        int turns = (KEYS + BLOCK - 1) / BLOCK;
        for (int turn = 0; turn < turns; turn++) {
            int keys = Math.min(BLOCK, KEYS - turn * BLOCK);
            keys += keys % 2; // pairs, so every turn ends on BackSpace with the row as it began
            for (int i = 0; i < terminals.size(); i++) {
                // the order rotates from turn to turn, so no terminal always follows the same one
                Terminal terminal = terminals.get((i + turn) % terminals.size());
                latencies.get(terminal.name()).addAll(measure(terminal, keys, turn * 100 + i));
            }
            loads.add(loadAverage());
            System.out.printf(Locale.ROOT, "  turn %d of %d done, load %s%n", turn + 1, turns, loads.get(turn));
        }
        for (Terminal terminal : terminals) {
            if (!terminal.name().equals("floor")) {
                assertTrue(catRuns(terminal.name()), terminal.name() + "'s cat is no longer running on the server");
            }
        }

        System.out.println("| terminal | keys | median, ms | p90 | p99 | worst | mean |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Double>> entry : latencies.entrySet()) {
            List<Double> values = entry.getValue();
            assertTrue(values.size() >= KEYS, entry.getKey() + ": only " + values.size() + " keys measured");
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", entry.getKey(),
                    values.size(), percentile(values, 50), percentile(values, 90), percentile(values, 99),
                    percentile(values, 100), values.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        }
        for (String holdfast : List.of("holdfast", "holdfast-b")) {
            for (String other : List.of("alacritty", "kitty", "xterm", "floor")) {
                if (latencies.containsKey(holdfast) && latencies.containsKey(other)) {
                    List<Double> h = latencies.get(holdfast);
                    List<Double> o = latencies.get(other);
                    System.out.printf(Locale.ROOT, "%s / %s: median %.2f, p99 %.2f%n", holdfast, other,
                            percentile(h, 50) / percentile(o, 50), percentile(h, 99) / percentile(o, 99));
                }
            }
        }
        System.out.println("load average after each turn: " + String.join(", ", loads));
    }

    /** Starts one terminal, types {@code exec cat} into its remote shell and finds its cursor's row. */
    private Terminal start(String name) throws Exception {
        Process process;
        long window;
        if (name.equals("floor")) {
            process = launch(new ProcessBuilder(probe.toString(), "echo"), name);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = out.readLine();
            assertNotNull(line, "the floor window did not start: " + log(name));
            window = Long.parseLong(line.split(" ")[1]);
        } else {
            long shellsBefore = remoteShells();
            process = switch (name) {
                case "xterm" -> launch(new ProcessBuilder(concat(List.of("xterm", "-geometry", "80x24+0+0",
                        "-title", "hflat-xterm", "-e"), ssh())), name);
                case "alacritty" -> {
                    ProcessBuilder builder = new ProcessBuilder(concat(List.of("alacritty", "--config-file", "/dev/null",
                            "--title", "hflat-alacritty",
                            "-o", "window.dimensions.columns=80", "-o", "window.dimensions.lines=24",
                            "-o", "window.position.x=700", "-o", "window.position.y=0", "-e"), ssh()));
                    builder.environment().put("LIBGL_ALWAYS_SOFTWARE", "1");
                    yield launch(builder, name);
                }
                case "kitty" -> launch(new ProcessBuilder(concat(List.of("kitty", "--config", "NONE", "--title",
                        "hflat-kitty", "-o", "initial_window_width=80c", "-o", "initial_window_height=24c",
                        "-o", "remember_window_size=no"), ssh())), name);
                case "holdfast" -> launch(holdfast(name, APP_OPTS), name);
                case "holdfast-b" -> launch(holdfast(name, APP_OPTS_B, CLASSES_B), name);
                default -> throw new IllegalArgumentException("no such terminal: " + name
                        + " (floor, xterm, alacritty, kitty, holdfast, holdfast-b)");
            };
            window = windowOf(process, name);
            assertTrue(Await.within(START_LIMIT, () -> remoteShells() > shellsBefore),
                    name + ": no remote shell started within " + START_LIMIT.toSeconds() + " s: " + log(name));
            // argv[0] (bash's exec -a) names the cat: on the server it is told apart from the other terminals' cats
            boolean typed = false;
            for (int attempt = 0; attempt < 3 && !typed; attempt++) {
                xdotool("windowraise", Long.toString(window));
                xdotool("windowfocus", Long.toString(window));
                xdotool("type", "--delay", "20", "exec bash -c 'exec -a hflat-" + name + " cat'");
                xdotool("key", "Return");
                typed = Await.within(Duration.ofSeconds(10), () -> catRuns(name));
            }
            assertTrue(typed, name + ": the typed `exec cat` did not start cat on the server: " + log(name));
        }
        Process calibration = new ProcessBuilder(probe.toString(), "calibrate", Long.toString(window))
                .redirectErrorStream(true).start();
        String answer = new String(calibration.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!calibration.waitFor(30, TimeUnit.SECONDS) || calibration.exitValue() != 0) {
            throw new AssertionError(name + ": calibration failed: " + answer + " (the screen: " + screenshot(name) + ")");
        }
        String[] band = answer.split(" ");
        assertEquals("band", band[0], name + ": " + answer);
        return new Terminal(name, process, window, Integer.parseInt(band[1]), Integer.parseInt(band[2]));
    }

    /** One turn: this many keys into the terminal; the latencies in milliseconds. */
    private List<Double> measure(Terminal terminal, int keys, int seed) throws Exception {
        Process run = new ProcessBuilder(probe.toString(), "measure", Long.toString(terminal.window()),
                Integer.toString(terminal.top()), Integer.toString(terminal.bottom()), Integer.toString(keys),
                Integer.toString(seed)).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(120, TimeUnit.SECONDS) || run.exitValue() != 0) {
            String process = terminal.process().isAlive() ? "still running"
                    : "ended with exit status " + terminal.process().exitValue();
            throw new AssertionError(terminal.name() + ": the probe failed: " + output + " (the terminal's process "
                    + process + "; the screen: " + screenshot(terminal.name()) + ")\n" + log(terminal.name()));
        }
        List<Double> values = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            values.add(Long.parseLong(line.split(" ")[1]) / 1000.0);
        }
        assertEquals(keys, values.size(), terminal.name() + ": " + output);
        return values;
    }

    /** The OpenSSH client as xterm and Alacritty run it: a remote PTY, the same sshd, key and known host. */
    private List<String> ssh() {
        return List.of("ssh", "-tt", "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String.valueOf(server.port()),
                server.user() + "@" + server.host());
    }

    /** The real app in its own JVM, opening the saved session at start, on the test class path. */
    private ProcessBuilder holdfast(String name, String options) throws Exception {
        return holdfast(name, options, "");
    }

    private ProcessBuilder holdfast(String name, String options, String classesFirst) throws Exception {
        Path config = dir.resolve("config-" + name);
        try (Services services = UiFlows.keySession(config, "bench", server, key)) {
            assertTrue(services.library().catalog().byName("bench").isPresent(), "the session was saved");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", (classesFirst.isEmpty() ? "" : classesFirst + java.io.File.pathSeparator)
                + System.getProperty("java.class.path")));
        Arrays.stream(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
        command.addAll(List.of("dev.holdfast.app.Launcher", "--config-dir", config.toString(), "--session", "bench"));
        return new ProcessBuilder(command);
    }

    private Process launch(ProcessBuilder builder, String name) throws IOException {
        if (!name.equals("floor")) {
            builder.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        } else {
            builder.redirectError(dir.resolve(name + ".log").toFile());
        }
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** The largest visible window of the process, once it has one. */
    private long windowOf(Process process, String name) throws Exception {
        AtomicReference<Long> found = new AtomicReference<>();
        boolean shown = Await.within(START_LIMIT, () -> {
            long best = -1;
            long bestArea = 0;
            for (String id : xdotoolOutput("search", "--onlyvisible", "--pid", Long.toString(process.pid())).lines()
                    .filter(l -> !l.isBlank()).toList()) {
                long area = 1;
                for (String line : xdotoolOutput("getwindowgeometry", "--shell", id.strip()).lines().toList()) {
                    if (line.startsWith("WIDTH=") || line.startsWith("HEIGHT=")) {
                        area *= Long.parseLong(line.substring(line.indexOf('=') + 1));
                    }
                }
                if (area > bestArea) {
                    bestArea = area;
                    best = Long.parseLong(id.strip());
                }
            }
            found.set(best);
            return best > 0 && bestArea > 100 * 100;
        });
        assertTrue(shown, name + ": no window within " + START_LIMIT.toSeconds() + " s: " + log(name));
        return found.get();
    }

    /** The interactive shells sshd runs now (its ForceCommand's {@code sh -i}, one per terminal's connection). */
    private long remoteShells() {
        return server.sessionProcesses().stream().filter(p -> cmdline(p).equals("/bin/sh -i")).count();
    }

    /** Whether the terminal's {@code exec -a hflat-NAME cat} runs on the server. */
    private boolean catRuns(String name) {
        return server.sessionProcesses().stream().anyMatch(p -> cmdline(p).equals("hflat-" + name));
    }

    /** The process's arguments, argv[0] first, joined with spaces. */
    private static String cmdline(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Builds the probe from its C source (libx11-dev, libxtst-dev and gcc). */
    private Path buildProbe() throws Exception {
        Path source = Path.of("src", "test", "c", "xlatency.c");
        assertTrue(Files.exists(source), "the probe's source " + source + " (run from the project directory)");
        Path binary = dir.resolve("xlatency");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString(), "-lX11",
                "-lXtst").redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + output);
        return binary;
    }

    /** The whole screen as it is now, saved under target/ for a failed set-up (ImageMagick's import). */
    private static Path screenshot(String name) {
        Path file = Path.of("target", "typing-latency-" + name + ".png").toAbsolutePath();
        try {
            Process process = new ProcessBuilder("import", "-window", "root", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? file : Path.of("none");
        } catch (IOException e) {
            return Path.of("none: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Path.of("none");
        }
    }

    private static void xdotool(String... args) throws Exception {
        xdotoolOutput(args);
    }

    private static String xdotoolOutput(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("xdotool " + String.join(" ", args) + " did not finish");
        }
        return output;
    }

    private String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The nearest-rank percentile (100: the worst). */
    static double percentile(List<Double> values, double percent) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
