package dev.holdfast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.terminal.SequenceClamp;
import dev.holdfast.testing.HeadlessTerminal;
import dev.holdfast.testing.TerminalTextFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control sequences with a huge count, fed into JediTermFX's emulator headless at 80x24 as they come and
 * through {@link SequenceClamp}: the time of the whole sequence and the longest hold of the text buffer's
 * lock (what the drawing thread would wait for). The count is {@code holdfast.bench.count} (1,000,000 by
 * default; 2147483647 takes minutes per sequence unfiltered). And the filter's own cost on ordinary output:
 * the 20 MB text file of {@code TerminalEmulatorBenchmark}, plain and with an SGR colour on every line, read
 * in 8192-character reads with and without the filter (the output is checked to be unchanged). See BENCHMARKS.md.
 */
class HostileOutputBenchmark {
    private static final int MEGABYTES = Integer.getInteger("holdfast.bench.mb", 20);
    private static final int RUNS = Integer.getInteger("holdfast.bench.runs", 5);

    @TempDir
    Path dir;

    private static final long COUNT = Long.getLong("holdfast.bench.count", 1_000_000L);
    private static final String SEQUENCES = System.getProperty("holdfast.bench.sequences", "L,M,@,P,X,S,T,b,r,t");

    @Test
    void hugeCounts() throws Exception {
        System.out.printf(Locale.ROOT, "%nHuge counts, 80x24, count %d%n", COUNT);
        System.out.println("| sequence | unfiltered s | longest lock hold ms | unfiltered result | filtered s |"
                + " longest lock hold ms | filtered result |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String finalChar : List.of(SEQUENCES.split(","))) {
            String text = switch (finalChar) {
                case "r" -> "x\r\n\u001b[1;" + COUNT + "r";
                case "t" -> "x\r\n\u001b[8;" + COUNT + ";" + COUNT + "t";
                default -> "x\r\n\u001b[" + COUNT + finalChar;
            };
            String shown = text.substring(3).replace("\u001b", "ESC");
            Outcome raw = run(text);
            Outcome clamped = run(new SequenceClamp().filter(text));
            System.out.printf(Locale.ROOT, "| `%s` | %.3f | %.1f | %s | %.4f | %.2f | %s |%n", shown, raw.seconds(),
                    raw.lockMillis(), raw.result(), clamped.seconds(), clamped.lockMillis(), clamped.result());
        }
    }

    @Test
    void filterCostOnOrdinaryOutput() throws Exception {
        Path file = TerminalTextFile.write(dir.resolve("text.txt"), MEGABYTES * 1024L * 1024L);
        String plain = Files.readString(file, StandardCharsets.US_ASCII).replace("\n", "\r\n");
        String coloured = plain.replace("\r\n", "\u001b[0m\r\n\u001b[1;38;5;208m");
        System.out.printf(Locale.ROOT, "%nSequenceClamp on ordinary output: %d MB file, %d runs, median [min-max] s%n",
                MEGABYTES, RUNS);
        System.out.println("| text | plain reads | through SequenceClamp |");
        System.out.println("|---|---|---|");
        for (String name : List.of("plain", "SGR per line")) {
            String text = name.equals("plain") ? plain : coloured;
            StringBuilder copy = new StringBuilder(text.length());
            read(text, false, copy);
            assertEquals(text.length(), copy.length());
            copy.setLength(0);
            read(text, true, copy);
            assertEquals(text, copy.toString(), "the filter changed ordinary output");
            String[] cells = new String[2];
            for (int filtered = 0; filtered < 2; filtered++) {
                double[] seconds = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    seconds[run] = read(text, filtered == 1, null);
                }
                java.util.Arrays.sort(seconds);
                cells[filtered] = String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", seconds[RUNS / 2], seconds[0],
                        seconds[RUNS - 1]);
            }
            System.out.printf(Locale.ROOT, "| %s, %.1f M chars | %s | %s |%n", name,
                    text.length() / 1e6, cells[0], cells[1]);
        }
    }

    private static double read(String text, boolean filtered, StringBuilder copy) throws IOException {
        Reader reader = new StringReader(text);
        SequenceClamp clamp = new SequenceClamp();
        char[] buffer = new char[8192];
        long start = System.nanoTime();
        int n;
        while ((n = filtered ? clamp.read(reader, buffer, 0, buffer.length) : reader.read(buffer, 0, buffer.length)) >= 0) {
            if (copy != null) {
                copy.append(buffer, 0, n);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Outcome(double seconds, double lockMillis, String result) {
    }

    private static Outcome run(String text) throws Exception {
        HeadlessTerminal terminal = new HeadlessTerminal(80, 24, 10_000, true, true);
        long start = System.nanoTime();
        String result;
        try {
            terminal.feed(text.toCharArray());
            result = "ok, " + terminal.terminal().getTerminalWidth() + "x" + terminal.terminal().getTerminalHeight();
        } catch (RuntimeException | OutOfMemoryError e) {
            result = "threw " + e.getClass().getSimpleName();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(seconds, terminal.longestLockHoldNanos() / 1e6, result);
    }
}
