package dev.holdfast.terminal;

import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.CursorShape;
import com.techsenger.jeditermfx.core.HyperlinkStyle;
import com.techsenger.jeditermfx.core.StyledTextConsumer;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.ColorPalette;
import com.techsenger.jeditermfx.core.model.CharBuffer;
import com.techsenger.jeditermfx.core.model.TerminalSelection;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.core.util.CharUtils;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import kotlin.Pair;
import org.jetbrains.annotations.NotNull;

/**
 * What the terminal's visible rows look like, cell by cell, with every colour already decided: the text
 * and its style, the selection, find matches and the cursor. The painter keeps the picture it last drew and
 * redraws only the rows whose cells differ from it, so a typed key repaints one row, not the screen.
 *
 * <p>A cell is one {@code char} of JediTermFX's line, as its own painter counts them: the second half of
 * a double-width character is {@link CharUtils#DWC}. Made and read on one thread (the FX thread); built
 * while the text buffer is locked.
 */
public final class ScreenPicture {
    /** Cell attributes. */
    public static final int BOLD = 1;
    public static final int ITALIC = 1 << 1;
    public static final int UNDERLINE = 1 << 2;
    /** The cursor of a terminal without the keyboard focus: an outline around the cell. */
    public static final int CURSOR_OUTLINE = 1 << 3;
    public static final int CURSOR_UNDERLINE = 1 << 4;
    public static final int CURSOR_BAR = 1 << 5;

    private final int columns;
    private final int rows;
    private final char[] chars;
    private final int[] foreground;
    private final int[] background;
    private final byte[] attributes;

    public ScreenPicture(int columns, int rows) {
        this.columns = Math.max(0, columns);
        this.rows = Math.max(0, rows);
        int cells = this.columns * this.rows;
        chars = new char[cells];
        foreground = new int[cells];
        background = new int[cells];
        attributes = new byte[cells];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public char charAt(int column, int row) {
        return chars[index(column, row)];
    }

    /** 0xRRGGBB. */
    public int foregroundAt(int column, int row) {
        return foreground[index(column, row)];
    }

    /** 0xRRGGBB. */
    public int backgroundAt(int column, int row) {
        return background[index(column, row)];
    }

    public int attributesAt(int column, int row) {
        return attributes[index(column, row)];
    }

    private int index(int column, int row) {
        if (column < 0 || column >= columns || row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException(column + "," + row + " outside " + columns + "x" + rows);
        }
        return row * columns + column;
    }

    /** Whether {@code row} looks the same in {@code other}; false when the sizes differ. */
    public boolean sameRow(ScreenPicture other, int row) {
        if (other == null || other.columns != columns || other.rows != rows) {
            return false;
        }
        int from = row * columns;
        int to = from + columns;
        return Arrays.equals(chars, from, to, other.chars, from, to)
                && Arrays.equals(foreground, from, to, other.foreground, from, to)
                && Arrays.equals(background, from, to, other.background, from, to)
                && Arrays.equals(attributes, from, to, other.attributes, from, to);
    }

    /** The row's text, {@link CharUtils#DWC} left out; for tests and diagnostics. */
    public String rowText(int row) {
        StringBuilder text = new StringBuilder(columns);
        for (int column = 0; column < columns; column++) {
            char c = chars[row * columns + column];
            if (c != CharUtils.DWC) {
                text.append(c);
            }
        }
        return text.toString();
    }

    /**
     * How styles become colours: the terminal's default colours, its palette for indexed colours, the
     * selection's and find matches' colours (a style whose colours replace the text's), or inverse video
     * for the selection when {@code selection} is null.
     */
    public record Look(int defaultForeground, int defaultBackground, ColorPalette palette, TextStyle selection,
                       TextStyle foundPattern) {
    }

    /** The cursor as the emulator last placed it: {@code row} counted from the top of the screen. */
    public record Cursor(int column, int row, CursorShape shape, boolean visible, boolean focused,
                         boolean blinkShowing) {
    }

    /**
     * Builds the picture of {@code rows} rows starting at {@code scrollOrigin} (0 = the screen, negative =
     * that many lines back in the scrollback). The buffer must be locked by the caller.
     *
     * @param found  the find matches in a run of characters, as (start, length) pairs, or null for none
     */
    public static ScreenPicture of(TerminalTextBuffer buffer, int scrollOrigin, int columns, int rows, Look look,
                                   TerminalSelection selection,
                                   Function<CharBuffer, List<Pair<Integer, Integer>>> found,
                                   Cursor cursor) {
        ScreenPicture picture = new ScreenPicture(columns, rows);
        Painter painter = picture.new Painter(look, selection, found, scrollOrigin);
        picture.clear(look.defaultForeground(), look.defaultBackground());
        buffer.processHistoryAndScreenLines(scrollOrigin, rows, painter);
        picture.placeCursor(cursor);
        return picture;
    }

    private void clear(int fg, int bg) {
        Arrays.fill(chars, ' ');
        Arrays.fill(foreground, fg);
        Arrays.fill(background, bg);
    }

    private void placeCursor(Cursor cursor) {
        if (cursor == null || !cursor.visible() || cursor.row() < 0 || cursor.row() >= rows
                || cursor.column() < 0 || cursor.column() >= columns) {
            return;
        }
        int at = index(cursor.column(), cursor.row());
        int width = cursor.column() + 1 < columns && chars[at + 1] == CharUtils.DWC ? 2 : 1;
        CursorShape shape = cursor.shape() == null ? CursorShape.BLINK_BLOCK : cursor.shape();
        if (shape.isBlinking() && cursor.focused() && !cursor.blinkShowing()) {
            return;
        }
        for (int i = at; i < at + width; i++) {
            switch (shape) {
                case BLINK_BLOCK, STEADY_BLOCK -> {
                    if (cursor.focused()) {
                        int fg = foreground[i];
                        foreground[i] = background[i];
                        background[i] = fg;
                    } else {
                        attributes[i] |= CURSOR_OUTLINE;
                    }
                }
                case BLINK_UNDERLINE, STEADY_UNDERLINE -> attributes[i] |= CURSOR_UNDERLINE;
                case BLINK_VERTICAL_BAR, STEADY_VERTICAL_BAR -> {
                    if (i == at) {
                        attributes[i] |= CURSOR_BAR;
                    }
                }
                default -> throw new AssertionError(shape);
            }
        }
    }

    /** Fills the picture from the buffer's runs of styled text, as JediTermFX's painter reads them. */
    private final class Painter implements StyledTextConsumer {
        private final Look look;
        private final TerminalSelection selection;
        private final Function<CharBuffer, List<Pair<Integer, Integer>>> found;
        private final int scrollOrigin;

        Painter(Look look, TerminalSelection selection,
                Function<CharBuffer, List<Pair<Integer, Integer>>> found,
                int scrollOrigin) {
            this.look = look;
            this.selection = selection;
            this.found = found;
            this.scrollOrigin = scrollOrigin;
        }

        @Override
        public void consume(int x, int y, @NotNull TextStyle style,
                            @NotNull CharBuffer characters, int startRow) {
            int row = y - startRow;
            put(x, row, style, characters, false);
            if (found != null) {
                List<Pair<Integer, Integer>> ranges = found.apply(characters);
                if (ranges != null) {
                    for (Pair<Integer, Integer> range : ranges) {
                        TextStyle foundStyle = recoloured(style, look.foundPattern());
                        put(x + range.getFirst(), row, foundStyle, characters.subBuffer(range), false);
                    }
                }
            }
            select(x, row, style, characters, false);
        }

        @Override
        public void consumeNul(int x, int y, int nulIndex, @NotNull TextStyle style,
                               @NotNull CharBuffer characters, int startRow) {
            int row = y - startRow;
            put(x, row, style, characters, true);
            select(x, row, style, characters, true);
        }

        @Override
        public void consumeQueue(int x, int y, int nulIndex, int startRow) {
            if (x < columns) {
                consumeNul(x, y, nulIndex, TextStyle.EMPTY,
                        new CharBuffer(CharUtils.EMPTY_CHAR, columns - x),
                        startRow);
            }
        }

        private void select(int x, int row, TextStyle style,
                            CharBuffer characters, boolean blank) {
            if (selection == null) {
                return;
            }
            Pair<Integer, Integer> interval = selection.intersect(x, row + scrollOrigin, characters.length());
            if (interval != null) {
                int from = interval.getFirst() - x;
                put(interval.getFirst(), row, selected(style), characters.subBuffer(from, interval.getSecond()),
                        blank);
            }
        }

        private TextStyle selected(TextStyle style) {
            if (look.selection() == null) {
                TextStyle.Builder inverse = new TextStyle.Builder(style);
                inverse.setOption(TextStyle.Option.INVERSE, !style.hasOption(TextStyle.Option.INVERSE));
                return inverse.build();
            }
            return recoloured(style, look.selection());
        }

        private TextStyle recoloured(TextStyle style, TextStyle colours) {
            TextStyle.Builder builder = new TextStyle.Builder(style);
            builder.setForeground(colours.getForeground());
            builder.setBackground(colours.getBackground());
            return builder.build();
        }

        /** Writes a run's cells; a blank (NUL) run only colours the background, as JediTermFX draws it. */
        private void put(int x, int row, TextStyle given, CharBuffer characters,
                         boolean blank) {
            if (row < 0 || row >= rows) {
                return;
            }
            TextStyle style = given instanceof HyperlinkStyle link && link.getOriginalStyle() != null
                    ? link.getOriginalStyle() : given;
            boolean inverse = style.hasOption(TextStyle.Option.INVERSE);
            int fg = inverse ? background(style) : foreground(style);
            int bg = inverse ? foreground(style) : background(style);
            if (style.hasOption(TextStyle.Option.DIM)) {
                fg = mix(fg, bg);
            }
            if (style.hasOption(TextStyle.Option.HIDDEN)) {
                fg = bg;
            }
            int attrs = (style.hasOption(TextStyle.Option.BOLD) ? BOLD : 0)
                    | (style.hasOption(TextStyle.Option.ITALIC) ? ITALIC : 0)
                    | (style.hasOption(TextStyle.Option.UNDERLINED) ? UNDERLINE : 0);
            int length = Math.min(characters.length(), columns - x);
            for (int i = 0; i < length; i++) {
                int at = row * columns + x + i;
                if (x + i < 0) {
                    continue;
                }
                char c = blank ? ' ' : characters.charAt(i);
                chars[at] = c == CharUtils.NUL_CHAR ? ' ' : c;
                foreground[at] = fg;
                background[at] = bg;
                attributes[at] = (byte) attrs;
            }
        }

        private int foreground(TextStyle style) {
            return rgb(style.getForeground(), look.defaultForeground(), true);
        }

        private int background(TextStyle style) {
            return rgb(style.getBackground(), look.defaultBackground(), false);
        }

        private int rgb(TerminalColor color, int otherwise, boolean foreground) {
            if (color == null) {
                return otherwise;
            }
            Color resolved;
            if (color.isIndexed()) {
                resolved = foreground ? look.palette().getForeground(color) : look.palette().getBackground(color);
            } else {
                resolved = color.toColor();
            }
            return resolved.getRGB() & 0xffffff;
        }
    }

    private static int mix(int a, int b) {
        int r = ((a >> 16 & 0xff) + (b >> 16 & 0xff)) / 2;
        int g = ((a >> 8 & 0xff) + (b >> 8 & 0xff)) / 2;
        int bl = ((a & 0xff) + (b & 0xff)) / 2;
        return r << 16 | g << 8 | bl;
    }
}
