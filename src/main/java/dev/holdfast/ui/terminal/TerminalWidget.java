package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;
import dev.holdfast.terminal.PasteText;
import dev.holdfast.terminal.ScrollbackBuffer;
import dev.holdfast.threads.Threads;
import java.util.concurrent.ExecutorService;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

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

    private static final java.util.Set<KeyCode> NO_INPUT = java.util.EnumSet.of(KeyCode.SHIFT, KeyCode.CONTROL,
            KeyCode.ALT, KeyCode.ALT_GRAPH, KeyCode.META, KeyCode.WINDOWS, KeyCode.COMMAND, KeyCode.SHORTCUT,
            KeyCode.CAPS, KeyCode.NUM_LOCK, KeyCode.SCROLL_LOCK, KeyCode.KANA_LOCK, KeyCode.UNDEFINED);

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
    private static final class Panel extends TerminalPanel {
        private volatile boolean bracketedPaste;
        private FxClipboard clipboard;
        private boolean asking;

        Panel(SettingsProvider settings, TerminalTextBuffer buffer, StyleState styleState) {
            super(settings, buffer, styleState);
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
        private final ScheduledExecutorService fast = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(Threads.factory("terminal-fast", false));
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
