package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.core.CursorShape;
import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;
import dev.holdfast.terminal.FrameGate;
import dev.holdfast.terminal.PasteText;
import dev.holdfast.terminal.ScreenPicture;
import dev.holdfast.terminal.SerialScheduledExecutor;
import dev.holdfast.terminal.ScrollbackBuffer;
import dev.holdfast.threads.Threads;
import java.util.concurrent.ExecutorService;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.text.Font;

/**
 * JediTermFX's widget, used as it is apart from three things: the clipboard (the stock one goes through
 * AWT, which fails in a JavaFX app that never starts AWT, and in headless tests; this one uses JavaFX's),
 * the scrollback buffer ({@link ScrollbackBuffer}, which keeps fast output fast), and its threads, which
 * are Holdfast's own and say when a session's emulator has wound down completely, so the next
 * connection's session can start then (JediTermFX refuses a second session while one runs).
 */
final class TerminalWidget extends JediTermFxWidget {

    TerminalWidget(int columns, int rows, SettingsProvider settings) {
        super(columns, rows, settings);
        // Before JediTermFX's own key filter on its canvas (a parent's filter runs first): JediTermFX 1.0.0
        // turns a key press without text into the character U+0000 and sends it, so Shift, Ctrl or Alt
        // alone sent a NUL byte (MyPass arrived as \0My\0Pass at a remote password prompt).
        getPane().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (sendsNothing(e)) {
                e.consume();
            }
        });
    }

    /** Whether a key press can never be terminal input: a modifier or lock key alone, a media key. */
    static boolean sendsNothing(KeyEvent e) {
        KeyCode code = e.getCode();
        return e.getText().isEmpty() && (code.isModifierKey() || code.isMediaKey() || NO_INPUT.contains(code));
    }

    private static final char[] FONT_PROBE = {'W'};
    /** JediTermFX's private {@code updateScrolling(boolean)}; null if this version of it has none. */
    private static final java.lang.invoke.MethodHandle UPDATE_SCROLLING = updateScrollingHandle();

    /** JediTermFX's private {@code fixScrollBarThumbVisibility()}: no thumb while there is no scrollback. */
    private static final java.lang.invoke.MethodHandle FIX_THUMB = panelMethod("fixScrollBarThumbVisibility",
            java.lang.invoke.MethodType.methodType(void.class));

    private static java.lang.invoke.MethodHandle updateScrollingHandle() {
        return panelMethod("updateScrolling", java.lang.invoke.MethodType.methodType(void.class, boolean.class));
    }

    private static java.lang.invoke.MethodHandle panelMethod(String name, java.lang.invoke.MethodType type) {
        try {
            return java.lang.invoke.MethodHandles.privateLookupIn(TerminalPanel.class,
                    java.lang.invoke.MethodHandles.lookup()).findVirtual(TerminalPanel.class, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(TerminalWidget.class).warn(
                    "JediTermFX's {} not found ({}): its repaint timer keeps running", name, e.toString());
            return null;
        }
    }

    private static final java.util.Set<KeyCode> NO_INPUT = java.util.EnumSet.of(KeyCode.SHIFT, KeyCode.CONTROL,
            KeyCode.ALT, KeyCode.ALT_GRAPH, KeyCode.META, KeyCode.WINDOWS, KeyCode.COMMAND, KeyCode.SHORTCUT,
            KeyCode.CAPS, KeyCode.NUM_LOCK, KeyCode.SCROLL_LOCK, KeyCode.KANA_LOCK, KeyCode.UNDEFINED);

    /** The terminal's painter, for tests. */
    TerminalPainter painter() {
        return ((Panel) getTerminalPanel()).painter;
    }

    /** Paints the whole terminal again: its tab was selected after it painted nothing while hidden. */
    void shown() {
        ((Panel) getTerminalPanel()).shown();
    }

    /** Runs {@code action} on an emulator thread each time a session has ended completely. */
    void onSessionFinished(Runnable action) {
        ((WidgetThreads) getExecutorServiceManager()).finished = action;
    }

    @Override
    protected TerminalExecutorServiceManager createExecutorServiceManager() {
        return new WidgetThreads();
    }

    @Override
    protected TerminalPanel createTerminalPanel(SettingsProvider settings, StyleState styleState,
                                                TerminalTextBuffer buffer) {
        ScrollbackBuffer.install(buffer);
        return new Panel(settings, buffer, styleState);
    }

    /**
     * JediTermFX's panel with the app's clipboard, and a question before a paste that would run commands
     * (line breaks, no bracketed paste). The question does not block: the paste happens when it is answered.
     */
    private static final class Panel extends TerminalPanel implements TerminalPainter.Source {
        private volatile boolean bracketedPaste;
        private FxClipboard clipboard;
        private boolean asking;
        private final SettingsProvider settings;
        private final TerminalTextBuffer buffer;
        /** Null until the super constructor has returned: it already asks for repaints. */
        private final TerminalPainter painter;
        private volatile int cursorX;
        private volatile int cursorY = 1;
        private volatile boolean cursorVisible = true;
        private volatile CursorShape cursorShape;
        private volatile long cursorMoved = System.currentTimeMillis();

        Panel(SettingsProvider settings, TerminalTextBuffer buffer, StyleState styleState) {
            super(settings, buffer, styleState);
            this.settings = settings;
            this.buffer = buffer;
            this.painter = new TerminalPainter(this);
            getCanvas().widthProperty().addListener((o, was, now) -> painter.requestFull());
            getCanvas().heightProperty().addListener((o, was, now) -> painter.requestFull());
            getCanvas().focusedProperty().addListener((o, was, now) -> {
                if (now) {
                    cursorMoved = System.currentTimeMillis(); // blinks again from the start, shown first
                }
                repaint();
            });
            // a key pressed restarts the blink too (shown first, then 10 s of blinking), moved or not
            getCanvas().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                cursorMoved = System.currentTimeMillis();
                repaint();
            });
        }

        @Override
        public void init() {
            super.init();
            // JediTermFX caches the canvas as a bitmap: every frame then paid a copy of the whole canvas.
            getCanvas().setCache(false);
            if (UPDATE_SCROLLING != null) {
                // Its 50 Hz timer painted and kept the scroll bar in step with the scrollback; the painter
                // does both now, when something changed, so a terminal with nothing new costs nothing.
                // dispose() stops that timer and nothing else.
                super.dispose();
            }
        }

        @Override
        public void dispose() {
            super.dispose();
            if (painter != null) {
                painter.dispose();
            }
        }

        /**
         * Brings the scroll bar up to date with the lines scrolled and added, with no thumb while there is
         * no scrollback, as JediTermFX's painter did; with the buffer locked.
         */
        @Override
        public void updateScrolling() {
            if (UPDATE_SCROLLING == null) {
                return; // JediTermFX's timer still runs and does it
            }
            try {
                UPDATE_SCROLLING.invoke((TerminalPanel) this, false);
                if (FIX_THUMB != null) {
                    FIX_THUMB.invoke((TerminalPanel) this);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Every change of the screen, the cursor, the selection or the scroll position ends here: the frame
         * is Holdfast's painter's. JediTermFX's own timer-driven painter is never asked again after its
         * first frame.
         */
        @Override
        public void repaint() {
            TerminalPainter current = painter;
            if (current != null) {
                current.request();
            }
        }

        /** Paints every row now that the terminal is shown again (its tab selected). */
        void shown() {
            if (painter != null) {
                painter.requestFull();
            }
        }

        @Override
        public void setCursor(int x, int y) {
            cursorX = x;
            cursorY = y;
            cursorMoved = System.currentTimeMillis();
            super.setCursor(x, y);
        }

        @Override
        public void setCursorShape(CursorShape shape) {
            cursorShape = shape;
            super.setCursorShape(shape);
            repaint();
        }

        @Override
        public void setCursorVisible(boolean visible) {
            cursorVisible = visible;
            super.setCursorVisible(visible);
            repaint();
        }

        @Override
        public Canvas canvas() {
            return getCanvas();
        }

        @Override
        public TerminalTextBuffer buffer() {
            return buffer;
        }

        @Override
        public int scrollOrigin() {
            return swingClientScrollOrigin;
        }

        @Override
        public double cellWidth() {
            return myCharSize == null ? 0 : myCharSize.getWidth();
        }

        @Override
        public double cellHeight() {
            return myCharSize == null ? 0 : myCharSize.getHeight();
        }

        @Override
        public double insetX() {
            return getInsetX();
        }

        @Override
        public Font font(boolean bold, boolean italic) {
            TextStyle.Builder style = new TextStyle.Builder();
            style.setOption(TextStyle.Option.BOLD, bold);
            style.setOption(TextStyle.Option.ITALIC, italic);
            return getFontToDisplay(FONT_PROBE, 0, 1, style.build());
        }

        @Override
        public int defaultBackground() {
            return settings.getDefaultBackground().toColor().getRGB() & 0xffffff;
        }

        @Override
        public ScreenPicture picture(TerminalTextBuffer locked, int scrollOrigin, int columns, int rows,
                                     long nowMillis) {
            ScreenPicture.Look look = new ScreenPicture.Look(
                    settings.getDefaultForeground().toColor().getRGB() & 0xffffff, defaultBackground(),
                    settings.getTerminalColorPalette(),
                    settings.useInverseSelectionColor() ? null : settings.getSelectionColor(),
                    settings.getFoundPatternColor());
            var findResult = getFindResult();
            boolean focused = getCanvas().isFocused();
            ScreenPicture.Cursor cursor = new ScreenPicture.Cursor(cursorX, cursorY - 1 - scrollOrigin, cursorShape,
                    cursorVisible, focused, FrameGate.blinkShowing(nowMillis - cursorMoved, blinkPeriod(),
                    FrameGate.BLINK_TIMEOUT_MILLIS));
            return ScreenPicture.of(locked, scrollOrigin, columns, rows, look, selectionProperty().get(),
                    findResult == null ? null : findResult::getRanges, cursor);
        }

        private int blinkPeriod() {
            return settings.caretBlinkingMs();
        }

        @Override
        public int blinkPeriodMillis() {
            CursorShape shape = cursorShape == null ? CursorShape.BLINK_BLOCK : cursorShape;
            return cursorVisible && shape.isBlinking() && getCanvas().isFocused() ? blinkPeriod() : 0;
        }

        @Override
        public long cursorMovedMillis() {
            return cursorMoved;
        }

        @Override
        protected TerminalCopyPasteHandler createCopyPasteHandler() {
            clipboard = new FxClipboard(); // called by the super constructor
            return clipboard;
        }

        @Override
        public void setBracketedPasteMode(boolean enabled) {
            bracketedPaste = enabled; // from the emulator thread, as the program turns it on or off
            super.setBracketedPasteMode(enabled);
        }

        @Override
        public void handlePaste() {
            String text = clipboard.getContents(false);
            if (text == null || text.isEmpty() || asking) {
                return;
            }
            if (!PasteText.needsConfirmation(text, bracketedPaste)) {
                super.handlePaste();
                return;
            }
            asking = true;
            javafx.stage.Window owner = getCanvas().getScene() == null ? null : getCanvas().getScene().getWindow();
            dev.holdfast.ui.dialogs.Dialogs.confirmPaste(owner, text, PasteText.lineCount(text), () -> {
                clipboard.approve(text); // exactly what was shown, even if the clipboard changed meanwhile
                super.handlePaste();
            }, () -> {
                asking = false;
                getCanvas().requestFocus();
            });
        }
    }

    /** The widget's threads; the unbounded pool only ever runs emulator sessions. */
    private static final class WidgetThreads implements TerminalExecutorServiceManager {
        /** No thread of its own: a serial queue on a pool all terminals share. */
        private final ScheduledExecutorService fast = new SerialScheduledExecutor();
        private volatile Runnable finished = () -> { };
        private final ExecutorService sessions = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.factory("terminal")) {
            @Override
            protected void afterExecute(Runnable task, Throwable error) {
                finished.run(); // after the whole session task, including JediTermFX's own clean-up
            }
        };

        @Override
        public ScheduledExecutorService getSingleThreadScheduledExecutor() {
            return fast;
        }

        @Override
        public ExecutorService getUnboundedExecutorService() {
            return sessions;
        }

        @Override
        public void shutdownWhenAllExecuted() {
            if (!fast.isShutdown()) {
                fast.execute(fast::shutdown);
            }
            sessions.shutdown();
        }
    }

    /** Copy and paste through the system clipboard (and the X11 selection where JavaFX offers none). */
    static final class FxClipboard implements TerminalCopyPasteHandler {
        /** The text the next paste sends instead of the clipboard's, once: what the user confirmed. */
        private String approved;

        void approve(String text) {
            approved = text;
        }

        @Override
        public void setContents(String text, boolean useSystemSelection) {
            if (useSystemSelection) {
                return;
            }
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }

        @Override
        public String getContents(boolean useSystemSelection) {
            if (useSystemSelection) {
                return null;
            }
            if (approved != null) {
                String text = approved;
                approved = null;
                return text;
            }
            Clipboard clipboard = Clipboard.getSystemClipboard();
            return clipboard.hasString() ? PasteText.clean(clipboard.getString()) : null;
        }
    }
}
