package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.techsenger.jeditermfx.core.model.LinesBuffer;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import dev.holdfast.testing.HeadlessTerminal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holdfast's batch-trimmed scrollback against JediTermFX's own, fed the same output. */
class ScrollbackBufferTest {
    private static final int LIMIT = 200;

    /** Numbered lines of different lengths, some wrapping at 40 columns, as a PTY sends them (CR LF). */
    private static char[] output(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(' ').append("x".repeat(i % 70)).append("\r\n");
        }
        return text.toString().toCharArray();
    }

    @Test
    void keepsTheSameScreenAndNewestHistoryAsTheStockBuffer() throws Exception {
        for (int lines : new int[] {10, LIMIT - 30, LIMIT + 5, 3_000, 10_007}) {
            HeadlessTerminal stock = new HeadlessTerminal(40, 12, LIMIT, false);
            HeadlessTerminal ours = new HeadlessTerminal(40, 12, LIMIT, true);
            char[] output = output(lines);
            stock.feed(output);
            ours.feed(output);
            assertEquals(stock.buffer().getScreenLines(), ours.buffer().getScreenLines(), lines + " lines: the screen");
            List<String> expected = stock.buffer().getHistoryBuffer().getLineTexts();
            List<String> actual = ours.buffer().getHistoryBuffer().getLineTexts();
            assertTrue(actual.size() >= expected.size(), lines + " lines: at least as much history as the limit keeps");
            assertTrue(actual.size() <= ((ScrollbackBuffer) ours.buffer().getHistoryBuffer()).capacity(),
                    lines + " lines: never more than the limit plus one batch, here " + actual.size());
            assertEquals(expected, actual.subList(actual.size() - expected.size(), actual.size()),
                    lines + " lines: the newest history lines are the same, in order");
            if (actual.size() > expected.size()) {
                assertEquals(LIMIT, expected.size(), "the stock buffer was full");
            }
        }
    }

    @Test
    void survivesTheAlternateScreenAndResizes() throws Exception {
        HeadlessTerminal terminal = new HeadlessTerminal(40, 12, LIMIT, true);
        terminal.feed(output(500));
        TerminalTextBuffer buffer = terminal.buffer();
        LinesBuffer history = buffer.getHistoryBuffer();
        // A full-screen program (vim, less) switches to the alternate screen and back.
        terminal.feed("\u001b[?1049hfull screen\u001b[?1049l".toCharArray());
        assertTrue(buffer.getHistoryBuffer() == history, "the same scrollback is back after the alternate screen");
        // Taller and shorter: lines move between the screen and the history.
        terminal.terminal().resize(new com.techsenger.jeditermfx.core.util.TermSize(40, 30),
                com.techsenger.jeditermfx.core.RequestOrigin.User);
        terminal.terminal().resize(new com.techsenger.jeditermfx.core.util.TermSize(30, 8),
                com.techsenger.jeditermfx.core.RequestOrigin.User);
        terminal.feed(output(1_000));
        assertInstanceOf(ScrollbackBuffer.class, buffer.getHistoryBuffer());
        assertTrue(buffer.getScreenLines().contains("line 999"), buffer.getScreenLines());
        assertTrue(buffer.getHistoryLinesCount() <= LIMIT + 64, "history " + buffer.getHistoryLinesCount());
    }

    @Test
    void isNotPutIntoABufferThatAlreadyHasHistory() throws Exception {
        HeadlessTerminal terminal = new HeadlessTerminal(40, 12, LIMIT, false);
        terminal.feed(output(50));
        assertFalse(ScrollbackBuffer.install(terminal.buffer()), "history exists: the stock buffer stays");
        assertFalse(terminal.buffer().getHistoryBuffer() instanceof ScrollbackBuffer);
        HeadlessTerminal noScrollback = new HeadlessTerminal(40, 12, 0, false);
        assertFalse(ScrollbackBuffer.install(noScrollback.buffer()), "no scrollback at all: nothing to trim");
    }
}
