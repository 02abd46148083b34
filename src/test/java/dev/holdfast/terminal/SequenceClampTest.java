package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceClampTest {
    private static final String ESC = "\u001b";

    private static String clamp(String text) {
        return new SequenceClamp().filter(text);
    }

    @Test
    void ordinaryTextAndColoursPassUnchanged() {
        List<String> texts = List.of(
                "plain text\r\nsecond line\r\n",
                ESC + "[0m" + ESC + "[1;31mred" + ESC + "[38;5;208morange" + ESC + "[38;2;255;128;0mtrue" + ESC + "[m",
                ESC + "[?1049h" + ESC + "[?2004h" + ESC + "[?25l" + ESC + "[H" + ESC + "[2J" + ESC + "[K",
                ESC + "[24;80H" + ESC + "[1;24r" + ESC + "[3A" + ESC + "[12C" + ESC + "[5X" + ESC + "[2 q",
                ESC + "]0;title" + '\u0007' + ESC + "P+q544e" + ESC + "\\" + ESC + "(B" + ESC + "7" + ESC + "8",
                "ünïcödé 漢字 \uD83D\uDE00 \uFFFD",
                ESC + "[38:2::255:0:0m" + ESC + "[>0c" + ESC + "[!p" + ESC + "[;H" + ESC + "[1;;5m",
                ESC + "[00000000000000000000000000000005m",
                "lone ESC at the end: " + ESC + "x" + ESC + ESC + "[m");
        for (String text : texts) {
            assertEquals(text, clamp(text));
        }
    }

    @Test
    void countsAndPositionsAreClampedToTheScreenBound() {
        assertEquals("x\r\n" + ESC + "[1000L", clamp("x\r\n" + ESC + "[2147483647L"));
        for (char finalChar : "LM@PXSTABCDEFG`dHfbIZrt".toCharArray()) {
            assertEquals(ESC + "[1000" + finalChar, clamp(ESC + "[1000000" + finalChar), "final " + finalChar);
            assertEquals(ESC + "[1000" + finalChar, clamp(ESC + "[1000" + finalChar), "final " + finalChar);
            assertEquals(ESC + "[999" + finalChar, clamp(ESC + "[999" + finalChar), "final " + finalChar);
        }
        assertEquals(ESC + "[1000;1000H", clamp(ESC + "[99999999999999999999;2147483648H"));
        assertEquals(ESC + "[5;1000f", clamp(ESC + "[5;1001f"));
        assertEquals(ESC + "[8;1000;1000t", clamp(ESC + "[8;100000;100000t"));
        assertEquals(ESC + "[1;1000r", clamp(ESC + "[1;2147483647r"));
    }

    @Test
    void otherParametersAreClampedToTheValueBound() {
        assertEquals(ESC + "[38;5;65535m", clamp(ESC + "[38;5;2147483647m"));
        assertEquals(ESC + "[?65535h", clamp(ESC + "[?99999999999999h"));
        assertEquals(ESC + "[?1049h", clamp(ESC + "[?1049h"));
    }

    @Test
    void overlongSequencesAreShortened() {
        String digits = "9".repeat(10_000);
        assertEquals(ESC + "[1000L", clamp(ESC + "[" + digits + "L"));
        assertEquals(ESC + "[65535m", clamp(ESC + "[" + digits + "m"));
        String semicolons = clamp(ESC + "[" + ";".repeat(10_000) + "m");
        assertEquals(ESC + "[" + ";".repeat(SequenceClamp.MAX_PARAMETERS - 1) + "m", semicolons);
        String many = clamp(ESC + "[?" + "1;".repeat(5_000) + "h");
        assertTrue(many.startsWith(ESC + "[?1;1;") && many.endsWith("h") && many.length() < 50, many);
        String colons = clamp(ESC + "[" + ":".repeat(10_000) + "5L" + "after");
        assertEquals(ESC + "[5Lafter", colons);
        String sub = clamp(ESC + "[38:2:1:2:3;" + "4;".repeat(40) + "m");
        assertEquals(ESC + "[38;" + "4;".repeat(SequenceClamp.MAX_PARAMETERS - 2) + "4m", sub);
        String unfinished = readAllUnchecked(ESC + "[?" + "1".repeat(100));
        assertEquals(ESC + "[?" + "1".repeat(SequenceClamp.MAX_HELD - 1), unfinished);
    }

    @Test
    void controlsAndTextInsideASequenceGoFirst() {
        assertEquals("\r\n" + ESC + "[12L", clamp(ESC + "[1\r\n2L"));
        assertEquals("\uFFFD" + ESC + "[1000L", clamp(ESC + "[99\uFFFD99999L"));
    }

    @Test
    void anUnfinishedSequenceAtTheEndOfTheOutputIsPassedOn() throws IOException {
        SequenceClamp clamp = new SequenceClamp();
        String text = "tail" + ESC + "[12;3";
        assertEquals(text, readAll(clamp, new StringReader(text), 4096));
        assertEquals("end" + ESC, readAll(new SequenceClamp(), new StringReader("end" + ESC), 4096));
    }

    @Test
    void sequencesSplitAtEveryPositionGiveTheSameResult() throws IOException {
        String text = "ab" + ESC + "[2147483647L" + ESC + "[1;31mred" + ESC + "[?1049h" + ESC + "[" + "7".repeat(80)
                + "T" + ESC + "]0;t\u0007" + "ü" + ESC + "[5;99999H" + ESC + "[m\r\n";
        String whole = clamp(text);
        assertEquals("ab" + ESC + "[1000L" + ESC + "[1;31mred" + ESC + "[?1049h" + ESC + "[1000T" + ESC + "]0;t\u0007"
                + "ü" + ESC + "[5;1000H" + ESC + "[m\r\n", whole);
        for (int cut = 0; cut <= text.length(); cut++) {
            for (int second = cut; second <= text.length(); second += 7) {
                Reader pieces = new PiecesReader(text, cut, second);
                assertEquals(whole, readAll(new SequenceClamp(), pieces, 4096), "cut at " + cut + " and " + second);
            }
        }
        for (int bufferSize = 1; bufferSize <= 9; bufferSize++) {
            assertEquals(whole, readAll(new SequenceClamp(), new StringReader(text), bufferSize), "buffer " + bufferSize);
        }
    }

    @Test
    void invalidUtf8IsPassedOnAsDecoded() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, '(', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, 'z', 0x1B, '[', '3', 'm',
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80};
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
        assertEquals(decoded, readAll(new SequenceClamp(), reader, 3));
        assertTrue(decoded.indexOf('\uFFFD') >= 0);
    }

    private static String readAllUnchecked(String text) {
        try {
            return readAll(new SequenceClamp(), new StringReader(text), 4096);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readAll(SequenceClamp clamp, Reader reader, int bufferSize) throws IOException {
        StringBuilder result = new StringBuilder();
        char[] buffer = new char[bufferSize + 2];
        while (true) {
            int n = clamp.read(reader, buffer, 1, bufferSize);
            if (n < 0) {
                return result.toString();
            }
            assertTrue(n > 0 && n <= bufferSize, "read " + n);
            result.append(buffer, 1, n);
        }
    }

    /** Gives the text in three pieces, cut at the two positions (a read never spans a cut). */
    private static final class PiecesReader extends Reader {
        private final String text;
        private final int first;
        private final int second;
        private int position;

        PiecesReader(String text, int first, int second) {
            this.text = text;
            this.first = first;
            this.second = second;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position >= text.length()) {
                return -1;
            }
            int end = position < first ? first : position < second ? second : text.length();
            end = Math.min(end, position + length);
            if (end == position) {
                end = position + 1;
            }
            text.getChars(position, end, buffer, offset);
            int n = end - position;
            position = end;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
