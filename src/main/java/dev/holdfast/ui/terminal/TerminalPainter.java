package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.core.emulator.charset.CharacterSets;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.core.util.CharUtils;
import com.techsenger.jeditermfx.ui.FxFontMetrics;
import dev.holdfast.terminal.FrameGate;
import dev.holdfast.terminal.ScreenPicture;
import dev.holdfast.threads.Threads;
import dev.holdfast.ui.FxThread;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Paints the terminal's canvas in place of JediTermFX's painter, which redrew the whole screen on a 50 Hz
 * timer, one character at a time with a clip around each: a typed key waited up to a timer period, then
 * 20 ms or more of drawing on the FX thread and as long again in the renderer (BENCHMARKS.md, typing
 * latency). This painter is asked for a frame whenever the terminal changes and paints it at once if the
 * last frame is a frame interval old, else at a later pulse ({@link FrameGate}); it draws only the rows
 * whose picture changed ({@link ScreenPicture}), each on a canvas of its own so JavaFX renders only that
 * row again, glyph by glyph without clips, and outside the text buffer's lock, so the emulator is not held
 * up by drawing. A hidden terminal paints nothing until shown.
 *
 * <p>Not drawn, unlike JediTermFX's painter: blinking text (shown steady), the input method's uncommitted
 * text, and hover highlighting of hyperlinks.
 */
final class TerminalPainter {
    /** The least time between two frames under a flood of output: about the display's 60 Hz. */
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(15);
    /** One thread for every terminal's cursor blinks; it only asks for frames. */
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(Threads.factory("terminal-blink", false));
    private static final String[] ASCII = new String[128];

    static {
        for (char c = ' '; c < 127; c++) {
            ASCII[c] = String.valueOf(c);
        }
    }

    /** What the painter reads from the terminal panel. */
    interface Source {
        Canvas canvas();

        TerminalTextBuffer buffer();

        /** 0 for the screen, negative when scrolled back. */
        int scrollOrigin();

        /** Brings the scroll bar and the scroll origin up to date; with the buffer locked. */
        void updateScrolling();

        double cellWidth();

        double cellHeight();

        double insetX();

        Font font(boolean bold, boolean italic);

        /** The picture's colours and the selection, find matches and cursor now; with the buffer locked. */
        ScreenPicture picture(TerminalTextBuffer buffer, int scrollOrigin, int columns, int rows, long nowMillis);

        /** The terminal's default background, 0xRRGGBB: what the margins and blank rows are filled with. */
        int defaultBackground();

        /** The blink period when the cursor blinks now (visible, a blinking shape, focused), else 0. */
        int blinkPeriodMillis();

        /**
         * When the cursor last moved (or a key was pressed, or the focus came), {@link System#currentTimeMillis()}:
         * it shows for a period after, and blinks for {@link FrameGate#BLINK_TIMEOUT_MILLIS}.
         */
        long cursorMovedMillis();
    }

    private final Source source;
    private final FrameGate gate = new FrameGate(FRAME_NANOS);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable onPulse = this::pulse;
    private Scene pulses;
    private final AtomicBoolean blinkPending = new AtomicBoolean();
    private ScreenPicture painted;
    private final Pane layer = new Pane();
    private Canvas[] rows = new Canvas[0];
    private double rowWidth = -1;
    private double rowHeight = -1;
    private double paintedWidth = -1;
    private double paintedHeight = -1;
    private Font metricsFont;
    private double descent;
    private double lineGap;
    private boolean stale = true;
    private long frames;
    private long rowsDrawn;
    private long hiddenFrames;

    TerminalPainter(Source source) {
        this.source = source;
        source.canvas().sceneProperty().addListener((o, was, now) -> listenTo(now));
        listenTo(source.canvas().getScene());
    }

    /** Follows the scene's pulses, which let a frame through that waited for one (FX thread). */
    private void listenTo(Scene scene) {
        if (pulses != null) {
            pulses.removePostLayoutPulseListener(onPulse);
        }
        pulses = scene;
        if (scene != null) {
            scene.addPostLayoutPulseListener(onPulse);
        }
    }

    /** Asks for a frame; from any thread. Cheap when one is already on its way. */
    void request() {
        if (scheduled.compareAndSet(false, true)) {
            FxThread.later(this::wanted);
        }
    }

    private void wanted() {
        scheduled.set(false);
        if (gate.wanted(System.nanoTime())) {
            frame();
        } else {
            Platform.requestNextPulse();
        }
    }

    /** After the scene's layout in each pulse, before it is rendered: a waiting frame is shown in this one. */
    private void pulse() {
        if (gate.pulse(System.nanoTime())) {
            frame();
        } else if (gate.waiting()) {
            Platform.requestNextPulse();
        }
    }

    /** Detaches from the scene's pulses (the terminal is closed). */
    void dispose() {
        listenTo(null);
    }

    /** Paints every row at the next frame: after the canvas was hidden, resized or recoloured. */
    void requestFull() {
        stale = true;
        request();
    }

    long frames() {
        return frames;
    }

    long rowsDrawn() {
        return rowsDrawn;
    }

    double cellWidthForTest() {
        return source.cellWidth();
    }

    double cellHeightForTest() {
        return source.cellHeight();
    }

    /** Frames asked for while the terminal was hidden: none of them drew anything. */
    long hiddenFrames() {
        return hiddenFrames;
    }

    private void frame() {
        Canvas canvas = source.canvas();
        if (!showing(canvas)) {
            hiddenFrames++;
            stale = true; // painted in full when shown again (requestFull)
            return;
        }
        long nowMillis = System.currentTimeMillis();
        TerminalTextBuffer buffer = source.buffer();
        ScreenPicture picture;
        buffer.lock();
        try {
            source.updateScrolling();
            picture = source.picture(buffer, source.scrollOrigin(), buffer.getWidth(), buffer.getHeight(),
                    nowMillis);
        } finally {
            buffer.unlock();
        }
        long rows0 = rowsDrawn;
        draw(canvas, picture);
        if (rowsDrawn > rows0) {
            gate.painted(System.nanoTime()); // a frame that changed nothing on the canvas does not hold the next one back
        }
        int blink = source.blinkPeriodMillis();
        long wait = blink > 0 ? FrameGate.untilBlinkChange(nowMillis - source.cursorMovedMillis(), blink,
                FrameGate.BLINK_TIMEOUT_MILLIS) : Long.MAX_VALUE;
        // past the blink timeout the cursor stays shown and no timer runs until it moves or a key is pressed
        if (wait != Long.MAX_VALUE && blinkPending.compareAndSet(false, true)) {
            var unused = TIMER.schedule(() -> {
                blinkPending.set(false);
                request();
            }, wait, TimeUnit.MILLISECONDS);
        }
    }

    private void draw(Canvas canvas, ScreenPicture picture) {
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        double cellWidth = source.cellWidth();
        double cellHeight = source.cellHeight();
        if (width <= 0 || height <= 0 || cellWidth <= 0 || cellHeight <= 0) {
            return;
        }
        Font normal = source.font(false, false);
        boolean full = stale || width != paintedWidth || height != paintedHeight || painted == null
                || painted.columns() != picture.columns() || painted.rows() != picture.rows()
                || !normal.equals(metricsFont) || cellHeight != rowHeight;
        if (!normal.equals(metricsFont)) {
            metricsFont = normal;
            double fontHeight = FxFontMetrics.create(normal, "W").getHeight();
            lineGap = Math.max(0, Math.round((cellHeight - fontHeight) / 2 * 2));
            descent = FxFontMetrics.create(normal, "qpjg").getDescent();
        }
        if (full) {
            layRows(canvas, picture.rows(), width, cellHeight);
        }
        int background = source.defaultBackground();
        for (int row = 0; row < picture.rows(); row++) {
            if (full || !picture.sameRow(painted, row)) {
                drawRow(rows[row].getGraphicsContext2D(), picture, row, width, cellWidth, cellHeight, background);
                rowsDrawn++;
            }
        }
        painted = picture;
        paintedWidth = width;
        paintedHeight = height;
        stale = false;
        frames++;
    }

    /**
     * One canvas per text row, over JediTermFX's canvas (which takes the mouse and the keyboard, and is
     * never drawn on): a changed row makes only its own canvas dirty, so JavaFX renders one row's pixels
     * for a typed key instead of the whole terminal's (about 7 ms in the software pipeline). Below the last
     * row, the terminal's background shows through.
     */
    private void layRows(Canvas canvas, int count, double width, double cellHeight) {
        if (layer.getParent() != canvas.getParent() && canvas.getParent() instanceof Pane parent) {
            layer.setManaged(false);
            layer.setMouseTransparent(true);
            parent.getChildren().add(layer);
        }
        if (rows.length != count || width != rowWidth || cellHeight != rowHeight) {
            Canvas[] made = new Canvas[count];
            for (int row = 0; row < count; row++) {
                made[row] = row < rows.length ? rows[row] : new Canvas();
                made[row].setWidth(width);
                made[row].setHeight(cellHeight);
                made[row].setLayoutY(row * cellHeight);
            }
            rows = made;
            rowWidth = width;
            rowHeight = cellHeight;
            layer.getChildren().setAll(made);
        }
    }

    private void drawRow(GraphicsContext g, ScreenPicture picture, int row, double width, double cellWidth,
                         double cellHeight, int margin) {
        double top = 0;
        double inset = source.insetX();
        int columns = picture.columns();
        g.setFill(rgb(margin));
        g.fillRect(0, top, width, cellHeight);
        // Backgrounds, in runs of one colour.
        for (int column = 0; column < columns; ) {
            int bg = picture.backgroundAt(column, row);
            int end = column + 1;
            while (end < columns && picture.backgroundAt(end, row) == bg) {
                end++;
            }
            if (bg != margin) {
                g.setFill(rgb(bg));
                g.fillRect(inset + column * cellWidth, top, (end - column) * cellWidth, cellHeight);
            }
            column = end;
        }
        // Glyphs, one cell each at its place in the grid (the font's advance is rarely a whole pixel).
        double baseline = (double) Math.round(cellHeight - lineGap / 2 - descent);
        Font font = null;
        int fill = -1;
        for (int column = 0; column < columns; column++) {
            char c = picture.charAt(column, row);
            int fg = picture.foregroundAt(column, row);
            int attrs = picture.attributesAt(column, row);
            if (c == ' ' || c == CharUtils.DWC || c == CharUtils.NUL_CHAR || Character.isLowSurrogate(c)
                    || fg == picture.backgroundAt(column, row)) {
                continue;
            }
            boolean bold = (attrs & ScreenPicture.BOLD) != 0;
            Font wanted = source.font(bold && !CharacterSets.isDecBoxChar(c), (attrs & ScreenPicture.ITALIC) != 0);
            if (!wanted.equals(font)) {
                font = wanted;
                g.setFont(font);
            }
            if (fg != fill) {
                fill = fg;
                g.setFill(rgb(fg));
            }
            String glyph;
            if (Character.isHighSurrogate(c) && column + 1 < columns) {
                glyph = new String(new char[] {c, picture.charAt(column + 1, row)});
            } else {
                glyph = c < 128 ? ASCII[c] : String.valueOf(c);
            }
            double x = inset + column * cellWidth;
            if (column + 1 < columns && picture.charAt(column + 1, row) == CharUtils.DWC) {
                x += cellWidth / 2; // a double-width glyph drawn at the middle of its two cells
            }
            g.fillText(glyph, (double) Math.round(x), baseline);
        }
        // Underlines and the cursor's outline, underline or bar, in the cell's text colour.
        for (int column = 0; column < columns; column++) {
            int attrs = picture.attributesAt(column, row);
            if ((attrs & (ScreenPicture.UNDERLINE | ScreenPicture.CURSOR_OUTLINE | ScreenPicture.CURSOR_UNDERLINE
                    | ScreenPicture.CURSOR_BAR)) == 0) {
                continue;
            }
            Color colour = rgb(picture.foregroundAt(column, row));
            double x = inset + column * cellWidth;
            if ((attrs & ScreenPicture.UNDERLINE) != 0) {
                g.setStroke(colour);
                g.setLineWidth(1);
                double y = Math.min(top + cellHeight - 0.5, baseline + 2.5);
                g.strokeLine(x, y, x + cellWidth, y);
            }
            if ((attrs & ScreenPicture.CURSOR_OUTLINE) != 0) {
                g.setStroke(colour);
                g.setLineWidth(1);
                g.strokeRect(x + 0.5, top + 0.5, cellWidth - 1, cellHeight - 1);
            }
            if ((attrs & ScreenPicture.CURSOR_UNDERLINE) != 0) {
                g.setFill(colour);
                g.fillRect(x, top + cellHeight - 2, cellWidth, 2);
            }
            if ((attrs & ScreenPicture.CURSOR_BAR) != 0) {
                g.setFill(colour);
                g.fillRect(x, top, 2, cellHeight);
            }
        }
    }

    /** Whether the canvas is in a showing window and no ancestor is hidden (a tab not selected). */
    private static boolean showing(Canvas canvas) {
        if (canvas.getScene() == null || canvas.getScene().getWindow() == null
                || !canvas.getScene().getWindow().isShowing()) {
            return false;
        }
        for (Node node = canvas; node != null; node = node.getParent()) {
            if (!node.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static Color rgb(int rgb) {
        return Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
    }
}
