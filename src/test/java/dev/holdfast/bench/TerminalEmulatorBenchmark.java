package dev.holdfast.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.terminal.ScrollbackBuffer;
import dev.holdfast.testing.HeadlessTerminal;
import dev.holdfast.testing.TerminalTextFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal emulator alone, without drawing: the same text file as {@code TerminalThroughputBenchmark}
 * (20 MB by default), with each newline turned into CR LF as a remote PTY sends it, fed from memory into
 * JediTermFX's emulator and text buffer (10,000 lines of scrollback, Holdfast's default) at 80x24 and 200x50,
 * with a display that draws nothing; with JediTermFX's own scrollback buffer and with Holdfast's
 * {@link ScrollbackBuffer}. One warm-up pass, then the timed runs. See BENCHMARKS.md.
 */
class TerminalEmulatorBenchmark {
    private static final int MEGABYTES = Integer.getInteger("holdfast.bench.mb", 20);
    private static final int RUNS = Integer.getInteger("holdfast.bench.runs", 5);
    private static final String GEOMETRIES = System.getProperty("holdfast.bench.geometries", "80x24,200x50");

    @TempDir
    Path dir;

    @Test
    void emulateWithoutDrawing() throws Exception {
        Path file = TerminalTextFile.write(dir.resolve("text.txt"), MEGABYTES * 1024L * 1024L);
        char[] output = Files.readString(file, StandardCharsets.US_ASCII).replace("\n", "\r\n").toCharArray();
        String last = TerminalTextFile.lastLine(file);
        System.out.printf(Locale.ROOT, "%nTerminal emulator without drawing: %d MB file, %d runs%n", MEGABYTES, RUNS);
        System.out.println("| geometry | scrollback buffer | seconds | MB/s |");
        System.out.println("|---|---|---|---|");
        for (String geometry : GEOMETRIES.split(",")) {
            int columns = Integer.parseInt(geometry.split("x")[0]);
            int rows = Integer.parseInt(geometry.split("x")[1]);
            for (boolean holdfast : new boolean[] {false, true}) {
                emulate(output, columns, rows, last, holdfast);
                List<Double> seconds = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    seconds.add(emulate(output, columns, rows, last, holdfast));
                }
                List<Double> sorted = seconds.stream().sorted().toList();
                double median = sorted.get(sorted.size() / 2);
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f [%.2f-%.2f] | %.0f |%n", geometry,
                        holdfast ? "Holdfast's (ScrollbackBuffer)" : "JediTermFX's own", median, sorted.get(0),
                        sorted.get(sorted.size() - 1), Files.size(file) / 1e6 / median);
            }
        }
    }

    private static double emulate(char[] output, int columns, int rows, String last, boolean holdfast)
            throws Exception {
        HeadlessTerminal terminal = new HeadlessTerminal(columns, rows, 10_000, holdfast);
        long begin = System.nanoTime();
        terminal.feed(output);
        double seconds = (System.nanoTime() - begin) / 1e9;
        String screen = terminal.buffer().getScreenLines();
        assertTrue(screen.replace("\n", "").contains(last.substring(0, Math.min(20, last.length()))),
                "the file's last line is on the emulated screen");
        return seconds;
    }
}
