package dev.holdfast.testing;

import com.techsenger.jeditermfx.core.ArrayTerminalDataStream;
import com.techsenger.jeditermfx.core.CursorShape;
import com.techsenger.jeditermfx.core.TerminalDisplay;
import com.techsenger.jeditermfx.core.emulator.JediEmulator;
import com.techsenger.jeditermfx.core.emulator.mouse.MouseFormat;
import com.techsenger.jeditermfx.core.emulator.mouse.MouseMode;
import com.techsenger.jeditermfx.core.model.JediTerminal;
import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalSelection;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import dev.holdfast.terminal.ScrollbackBuffer;
import java.io.IOException;

/**
 * JediTermFX's emulator and text buffer with nothing drawn, the way the terminal widget sets them up,
 * for tests and the emulator benchmark: output is fed from memory, the result read from {@link #buffer()}.
 */
public final class HeadlessTerminal {
    private final TerminalTextBuffer buffer;
    private final JediTerminal terminal;
    private long longestStepNanos;

    /**
     * @param scrollback lines of history
     * @param holdfastScrollback whether to put in Holdfast's {@link ScrollbackBuffer}, as the widget does
     */
    public HeadlessTerminal(int columns, int rows, int scrollback, boolean holdfastScrollback) {
        this(columns, rows, scrollback, holdfastScrollback, false);
    }

    /**
     * @param timeLocks whether to time every hold of the text buffer's lock (the lock the drawing thread
     *                  waits for), for {@link #longestLockHoldNanos()}
     */
    public HeadlessTerminal(int columns, int rows, int scrollback, boolean holdfastScrollback, boolean timeLocks) {
        StyleState style = new StyleState();
        buffer = timeLocks ? new TimedLockBuffer(columns, rows, style, scrollback)
                : new TerminalTextBuffer(columns, rows, style, scrollback, null);
        if (holdfastScrollback && !ScrollbackBuffer.install(buffer)) {
            throw new AssertionError("Holdfast's scrollback buffer could not be installed");
        }
        terminal = new JediTerminal(new NoDisplay(), buffer, style);
    }

    public TerminalTextBuffer buffer() {
        return buffer;
    }

    public JediTerminal terminal() {
        return terminal;
    }

    /** Runs the emulator over this output to its end. */
    public void feed(char[] output) throws IOException {
        JediEmulator emulator = new JediEmulator(new ArrayTerminalDataStream(output), terminal);
        while (emulator.hasNext()) {
            emulator.next();
        }
    }

    /** Like {@link #feed}, timing each step of the emulator (one character or one sequence). */
    public void feedTimed(char[] output) throws IOException {
        JediEmulator emulator = new JediEmulator(new ArrayTerminalDataStream(output), terminal);
        while (emulator.hasNext()) {
            long start = System.nanoTime();
            emulator.next();
            longestStepNanos = Math.max(longestStepNanos, System.nanoTime() - start);
        }
    }

    /** The longest single step of {@link #feedTimed} so far. */
    public long longestStepNanos() {
        return longestStepNanos;
    }

    /** The longest hold of the text buffer's lock so far; only with {@code timeLocks}. */
    public long longestLockHoldNanos() {
        if (!(buffer instanceof TimedLockBuffer timed)) {
            throw new IllegalStateException("made without timeLocks");
        }
        return timed.longest;
    }

    /** The text buffer, timing how long its (reentrant) lock is held from the outermost lock to its unlock. */
    private static final class TimedLockBuffer extends TerminalTextBuffer {
        private int depth;
        private long since;
        private long longest;

        TimedLockBuffer(int columns, int rows, StyleState style, int scrollback) {
            super(columns, rows, style, scrollback, null);
        }

        @Override
        public void lock() {
            super.lock();
            if (depth++ == 0) {
                since = System.nanoTime();
            }
        }

        @Override
        public void unlock() {
            if (--depth == 0) {
                longest = Math.max(longest, System.nanoTime() - since);
            }
            super.unlock();
        }
    }

    /** A display that shows nothing. */
    private static final class NoDisplay implements TerminalDisplay {
        private String title = "";

        @Override
        public void setCursor(int x, int y) {
        }

        @Override
        public void setCursorShape(CursorShape shape) {
        }

        @Override
        public void beep() {
        }

        @Override
        public void scrollArea(int scrollRegionTop, int scrollRegionSize, int dy) {
        }

        @Override
        public void setCursorVisible(boolean visible) {
        }

        @Override
        public void useAlternateScreenBuffer(boolean use) {
        }

        @Override
        public String getWindowTitle() {
            return title;
        }

        @Override
        public void setWindowTitle(String name) {
            title = name;
        }

        @Override
        public TerminalSelection getSelection() {
            return null;
        }

        @Override
        public void terminalMouseModeSet(MouseMode mode) {
        }

        @Override
        public void setMouseFormat(MouseFormat format) {
        }

        @Override
        public boolean ambiguousCharsAreDoubleWidth() {
            return false;
        }
    }
}
