package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.HeadlessTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Hostile or binary output through {@link SequenceClamp} into JediTermFX's real emulator, headless: huge counts
 * that stall the unfiltered emulator for seconds to minutes (see {@code HostileOutputBenchmark}) finish at once
 * and leave a usable screen, and a seeded fuzz of sequences, controls and invalid UTF-8 never throws nor holds
 * the buffer lock long. The bounds are generous: only a return of the step-by-step loops breaks them.
 */
class HostileOutputTest {
    private static final Duration BOUND = Duration.ofSeconds(2);
    /**
     * What counts as the emulator stalling while it holds the buffer lock. An unclamped huge count stalls it
     * for seconds to minutes; 100 ms was once exceeded on a busy CI machine by ordinary work (101.5 ms), so
     * the bound is a second: a stall, not a slow step.
     */
    private static final long STALL_NANOS = Duration.ofSeconds(1).toNanos();

    static Stream<String> hugeCounts() {
        return Stream.of("x\r\n\u001b[2147483647L", "\u001b[1000000L", "\u001b[2147483647T", "\u001b[2147483647S",
                "x\u001b[2147483647@", "x\u001b[2147483647P", "\u001b[2147483647M", "\u001b[2147483647X",
                "x\u001b[2147483647b", "\u001b[2147483647A\u001b[2147483647B\u001b[2147483647C\u001b[2147483647D",
                "\u001b[2147483647E\u001b[2147483647F\u001b[2147483647G\u001b[2147483647`\u001b[2147483647d",
                "\u001b[2147483647;2147483647H\u001b[99999999999999999999;1f", "\u001b[2147483647I\u001b[2147483647Z",
                "\u001b[1;2147483647r", "\u001b[8;2147483647;2147483647t", "\u001b[8;1000000;1000000t",
                "\u001b[" + "9".repeat(10_000) + "L", "\u001b[" + ";".repeat(10_000) + "L",
                "\u001b[" + ":".repeat(10_000) + "L", "\u001b[?" + "1;".repeat(10_000) + "h");
    }

    @ParameterizedTest
    @MethodSource("hugeCounts")
    void aHugeCountFinishesAtOnceAndLeavesAUsableScreen(String sequence) throws IOException {
        HeadlessTerminal terminal = new HeadlessTerminal(80, 24, 1000, true, true);
        String text = new SequenceClamp().filter("before\r\n" + sequence + "\u001b[r\u001b[8;24;80t\u001b[H\u001b[2Jok");
        long start = System.nanoTime();
        terminal.feed(text.toCharArray());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(BOUND) < 0, "took " + took);
        assertEquals(80, terminal.terminal().getTerminalWidth());
        assertEquals(24, terminal.terminal().getTerminalHeight());
        assertTrue(terminal.buffer().getScreenLines().startsWith("ok"), terminal.buffer().getScreenLines());
        assertTrue(terminal.longestLockHoldNanos() < STALL_NANOS,
                "buffer lock held " + terminal.longestLockHoldNanos() / 1e6 + " ms");
    }

    @Test
    void seededFuzzNeverThrowsNorStalls() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            byte[] output = fuzz(new Random(seed), 150_000);
            Reader reader = new InputStreamReader(new ByteArrayInputStream(output), StandardCharsets.UTF_8);
            SequenceClamp clamp = new SequenceClamp();
            StringBuilder filtered = new StringBuilder(output.length);
            char[] buffer = new char[1024];
            Random reads = new Random(seed);
            int n;
            while ((n = clamp.read(reader, buffer, 0, 1 + reads.nextInt(buffer.length))) >= 0) {
                filtered.append(buffer, 0, n);
            }
            HeadlessTerminal terminal = new HeadlessTerminal(80, 24, 1000, true, true);
            long start = System.nanoTime();
            long finalSeed = seed;
            assertDoesNotThrow(() -> terminal.feedTimed(filtered.toString().toCharArray()), "seed " + finalSeed);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("seed %d: %d bytes, %s, longest step %.1f ms, longest lock hold %.1f ms, %dx%d%n", seed,
                    output.length, took, terminal.longestStepNanos() / 1e6, terminal.longestLockHoldNanos() / 1e6,
                    terminal.terminal().getTerminalWidth(), terminal.terminal().getTerminalHeight());
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "seed " + seed + " took " + took);
            assertTrue(terminal.longestLockHoldNanos() < STALL_NANOS,
                    "seed " + seed + ": buffer lock held " + terminal.longestLockHoldNanos() / 1e6 + " ms");
        }
    }

    /** About {@code size} bytes of sequences with huge or many parameters, controls, text and invalid UTF-8. */
    private static byte[] fuzz(Random random, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 20_000);
        while (out.size() < size) {
            switch (random.nextInt(7)) {
                case 0 -> { // CSI with random parameters and a random final
                    out.write(0x1B);
                    out.write('[');
                    if (random.nextInt(4) == 0) {
                        out.write("?>!<=".charAt(random.nextInt(5)));
                    }
                    int parameters = random.nextInt(8) == 0 ? random.nextInt(2000) : random.nextInt(4);
                    for (int i = 0; i < parameters; i++) {
                        if (i > 0) {
                            out.write(random.nextInt(10) == 0 ? ':' : ';');
                        }
                        writeAscii(out, number(random));
                    }
                    if (random.nextInt(10) == 0) {
                        out.write(0x20 + random.nextInt(16)); // an intermediate
                    }
                    out.write(0x40 + random.nextInt(0x3F));
                }
                case 1 -> { // OSC, ended by BEL, by ST or not at all
                    writeAscii(out, "\u001b]" + random.nextInt(1000) + ";");
                    writeRandomBytes(out, random, random.nextInt(200));
                    writeAscii(out, random.nextBoolean() ? "\u0007" : "\u001b\\");
                }
                case 2 -> { // DCS
                    writeAscii(out, "\u001bP" + number(random) + "q");
                    writeRandomBytes(out, random, random.nextInt(200));
                    writeAscii(out, "\u001b\\");
                }
                case 3 -> out.write(random.nextInt(0x20)); // a control
                case 4 -> writeRandomBytes(out, random, random.nextInt(50)); // binary, invalid UTF-8
                case 5 -> { // other escapes
                    out.write(0x1B);
                    out.write(0x20 + random.nextInt(0x5F));
                }
                default -> writeAscii(out, "text " + random.nextInt() + " ünï ");
            }
        }
        return out.toByteArray();
    }

    private static String number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(Integer.MAX_VALUE - random.nextInt(3));
            case 1 -> "9".repeat(1 + random.nextInt(30));
            case 2 -> Integer.toString(random.nextInt(1_000_000_000));
            case 3 -> "";
            default -> Integer.toString(random.nextInt(100));
        };
    }

    private static void writeRandomBytes(ByteArrayOutputStream out, Random random, int count) {
        for (int i = 0; i < count; i++) {
            out.write(random.nextInt(256));
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
