package dev.holdfast.bench;

import dev.holdfast.terminal.SequenceClamp;
import dev.holdfast.testing.HeadlessTerminal;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Control sequences with a huge count, fed into JediTermFX's emulator headless at 80x24 as they come and
 * through {@link SequenceClamp}: the time of the whole sequence and the longest hold of the text buffer's
 * lock (what the drawing thread would wait for). The count is {@code holdfast.bench.count} (1,000,000 by
 * default; 2147483647 takes minutes per sequence unfiltered). See BENCHMARKS.md.
 */
class HostileOutputBenchmark {
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
