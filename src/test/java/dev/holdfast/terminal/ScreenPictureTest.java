package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.techsenger.jeditermfx.core.CursorShape;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.ColorPalette;
import com.techsenger.jeditermfx.core.model.TerminalSelection;
import com.techsenger.jeditermfx.core.util.CharUtils;
import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.compatibility.Point;
import dev.holdfast.testing.HeadlessTerminal;
import java.io.IOException;
import java.util.List;
import kotlin.Pair;
import org.junit.jupiter.api.Test;

/** The picture the painter draws from, cell by cell, and the row comparison that limits what it redraws. */
class ScreenPictureTest {
    private static final int FG = 0xd0d0d0;
    private static final int BG = 0x101010;
    private static final int RED = 0xcc0000;
    private static final int SELECTION_BG = 0x334455;
    private static final ColorPalette PALETTE = new ColorPalette() {
        @Override
        protected Color getForegroundByColorIndex(int index) {
            return new Color(index == 1 ? RED : 0x010101 * index);
        }

        @Override
        protected Color getBackgroundByColorIndex(int index) {
            return new Color(index == 1 ? RED : 0x010101 * index);
        }
    };
    private static final ScreenPicture.Look LOOK = new ScreenPicture.Look(FG, BG, PALETTE,
            new TextStyle(null, TerminalColor.rgb(0x33, 0x44, 0x55)), new TextStyle(null, TerminalColor.rgb(0, 0x80, 0)));

    private final HeadlessTerminal terminal = new HeadlessTerminal(20, 4, 100, true);

    private void feed(String output) throws IOException {
        terminal.feed(output.toCharArray());
    }

    private ScreenPicture picture(TerminalSelection selection, ScreenPicture.Cursor cursor) {
        return picture(0, selection, cursor);
    }

    private ScreenPicture picture(int scrollOrigin, TerminalSelection selection, ScreenPicture.Cursor cursor) {
        terminal.buffer().lock();
        try {
            return ScreenPicture.of(terminal.buffer(), scrollOrigin, 20, 4, LOOK, selection, null, cursor);
        } finally {
            terminal.buffer().unlock();
        }
    }

    @Test
    void textAndItsStyleAreResolvedToColoursPerCell() throws IOException {
        feed("plain \u001b[31mred\u001b[0m \u001b[1;7mbold inv\u001b[0m\r\n\u001b[41;4mbg\u001b[0m \u001b[2mdim\u001b[0m");
        ScreenPicture picture = picture(null, null);
        assertEquals("plain red bold inv  ", picture.rowText(0));
        assertEquals(FG, picture.foregroundAt(0, 0));
        assertEquals(BG, picture.backgroundAt(0, 0));
        assertEquals(RED, picture.foregroundAt(6, 0), "SGR 31 from the palette");
        assertEquals(BG, picture.backgroundAt(6, 0));
        assertEquals(BG, picture.foregroundAt(10, 0), "inverse: the background's colour on the foreground's");
        assertEquals(FG, picture.backgroundAt(10, 0));
        assertEquals(ScreenPicture.BOLD, picture.attributesAt(10, 0));
        assertEquals(RED, picture.backgroundAt(0, 1), "SGR 41");
        assertEquals(ScreenPicture.UNDERLINE, picture.attributesAt(0, 1));
        int dim = picture.foregroundAt(3, 1);
        assertEquals(((FG >> 16 & 0xff) + (BG >> 16 & 0xff)) / 2, dim >> 16 & 0xff, "dim: half way to the background");
        assertEquals("                    ", picture.rowText(3), "rows never written are blank");
        assertEquals(BG, picture.backgroundAt(19, 3));
    }

    @Test
    void hiddenTextIsDrawnInItsBackgroundColour() throws IOException {
        feed("\u001b[8msecret\u001b[0m");
        ScreenPicture picture = picture(null, null);
        assertEquals(picture.backgroundAt(0, 0), picture.foregroundAt(0, 0));
    }

    @Test
    void aDoubleWidthCharacterTakesTwoCells() throws IOException {
        feed("a\u4e2db");
        ScreenPicture picture = picture(null, null);
        assertEquals('\u4e2d', picture.charAt(1, 0));
        assertEquals(CharUtils.DWC, picture.charAt(2, 0));
        assertEquals('b', picture.charAt(3, 0));
    }

    @Test
    void theSelectionTakesItsColoursAcrossTextAndBlankCells() throws IOException {
        feed("hello world\r\nnext");
        TerminalSelection selection = new TerminalSelection(new Point(6, 0), new Point(3, 1));
        ScreenPicture picture = picture(selection, null);
        assertEquals(BG, picture.backgroundAt(5, 0));
        for (int column = 6; column < 20; column++) {
            assertEquals(SELECTION_BG, picture.backgroundAt(column, 0), "column " + column);
        }
        assertEquals(FG, picture.foregroundAt(6, 0), "the selection keeps the text's own colour");
        assertEquals(SELECTION_BG, picture.backgroundAt(0, 1));
        assertEquals(SELECTION_BG, picture.backgroundAt(3, 1));
        assertEquals(BG, picture.backgroundAt(4, 1));
    }

    /** Ranges as JediTermFX's find gives them: (start, end) within the run. */
    @Test
    void findMatchesAreColouredWhereTheyAre() throws IOException {
        feed("one two one");
        terminal.buffer().lock();
        ScreenPicture picture;
        try {
            picture = ScreenPicture.of(terminal.buffer(), 0, 20, 4, LOOK, null,
                    chars -> chars.toString().startsWith("one two one") ? List.of(new Pair<>(8, 11)) : null, null);
        } finally {
            terminal.buffer().unlock();
        }
        assertEquals(BG, picture.backgroundAt(7, 0));
        assertEquals(0x008000, picture.backgroundAt(8, 0));
        assertEquals(0x008000, picture.backgroundAt(10, 0));
        assertEquals(BG, picture.backgroundAt(11, 0));
    }

    @Test
    void theCursorIsABlockInInverseOrAnOutlineWithoutFocusOrNothingWhenHiddenOrBlinkedOff() throws IOException {
        feed("ab\u001b[31mc\u001b[0m");
        ScreenPicture focused = picture(null, new ScreenPicture.Cursor(2, 0, CursorShape.BLINK_BLOCK, true, true, true));
        assertEquals(BG, focused.foregroundAt(2, 0));
        assertEquals(RED, focused.backgroundAt(2, 0), "the block takes the character's colour");
        ScreenPicture unfocused = picture(null, new ScreenPicture.Cursor(2, 0, null, true, false, false));
        assertEquals(RED, unfocused.foregroundAt(2, 0));
        assertEquals(ScreenPicture.CURSOR_OUTLINE, unfocused.attributesAt(2, 0), "no blinking without focus");
        ScreenPicture blinkedOff = picture(null, new ScreenPicture.Cursor(2, 0, CursorShape.BLINK_BLOCK, true, true,
                false));
        assertTrue(blinkedOff.sameRow(picture(null, null), 0));
        ScreenPicture steady = picture(null, new ScreenPicture.Cursor(2, 0, CursorShape.STEADY_BLOCK, true, true,
                false));
        assertEquals(RED, steady.backgroundAt(2, 0), "a steady cursor ignores the blink phase");
        ScreenPicture invisible = picture(null, new ScreenPicture.Cursor(2, 0, CursorShape.STEADY_BLOCK, false, true,
                true));
        assertTrue(invisible.sameRow(picture(null, null), 0), "DECTCEM off draws no cursor");
        ScreenPicture bar = picture(null, new ScreenPicture.Cursor(1, 0, CursorShape.STEADY_VERTICAL_BAR, true, true,
                true));
        assertEquals(ScreenPicture.CURSOR_BAR, bar.attributesAt(1, 0));
        ScreenPicture underline = picture(null, new ScreenPicture.Cursor(1, 0, CursorShape.STEADY_UNDERLINE, true,
                true, true));
        assertEquals(ScreenPicture.CURSOR_UNDERLINE, underline.attributesAt(1, 0));
        ScreenPicture outside = picture(null, new ScreenPicture.Cursor(25, 7, CursorShape.STEADY_BLOCK, true, true,
                true));
        assertTrue(outside.sameRow(picture(null, null), 0), "a cursor outside the screen is not drawn");
    }

    @Test
    void theCursorOnADoubleWidthCharacterCoversBothCells() throws IOException {
        feed("\u4e2d");
        ScreenPicture picture = picture(null, new ScreenPicture.Cursor(0, 0, CursorShape.STEADY_BLOCK, true, true,
                true));
        assertEquals(FG, picture.backgroundAt(0, 0));
        assertEquals(FG, picture.backgroundAt(1, 0));
        assertEquals(BG, picture.backgroundAt(2, 0));
    }

    @Test
    void aTypedCharacterChangesOnlyItsRowAndTheCursorsMoveChangesOnlyTheRowsItLeavesAndEnters() throws IOException {
        feed("line one\r\nline two\r\n$ ");
        ScreenPicture before = picture(null, new ScreenPicture.Cursor(2, 2, CursorShape.STEADY_BLOCK, true, true, true));
        feed("x");
        ScreenPicture after = picture(null, new ScreenPicture.Cursor(3, 2, CursorShape.STEADY_BLOCK, true, true, true));
        assertTrue(after.sameRow(before, 0));
        assertTrue(after.sameRow(before, 1));
        assertFalse(after.sameRow(before, 2));
        assertTrue(after.sameRow(before, 3));
        feed("\r\n");
        ScreenPicture next = picture(null, new ScreenPicture.Cursor(0, 3, CursorShape.STEADY_BLOCK, true, true, true));
        assertTrue(next.sameRow(after, 0));
        assertFalse(next.sameRow(after, 2), "the cursor left row 2");
        assertFalse(next.sameRow(after, 3), "and entered row 3");
        assertFalse(next.sameRow(new ScreenPicture(20, 5), 0), "a picture of another size is never the same");
    }

    @Test
    void scrolledBackTheRowsComeFromTheScrollback() throws IOException {
        for (int i = 0; i < 10; i++) {
            feed("line " + i + "\r\n");
        }
        ScreenPicture bottom = picture(0, null, null);
        assertEquals("line 7", bottom.rowText(0).trim());
        ScreenPicture back = picture(-3, null, null);
        assertEquals("line 4", back.rowText(0).trim());
        assertEquals("line 7", back.rowText(3).trim());
        assertNotEquals(bottom.rowText(0), back.rowText(0));
    }
}
