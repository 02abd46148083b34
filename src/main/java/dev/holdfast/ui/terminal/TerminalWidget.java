package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;
import dev.holdfast.terminal.ScrollbackBuffer;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * JediTermFX's widget, used as it is apart from two things: the clipboard (the stock one goes through
 * AWT, which fails in a JavaFX app that never starts AWT, and in headless tests; this one uses JavaFX's)
 * and the scrollback buffer ({@link ScrollbackBuffer}, which keeps fast output fast).
 */
final class TerminalWidget extends JediTermFxWidget {

    TerminalWidget(int columns, int rows, SettingsProvider settings) {
        super(columns, rows, settings);
    }

    @Override
    protected TerminalPanel createTerminalPanel(SettingsProvider settings, StyleState styleState,
                                                TerminalTextBuffer buffer) {
        ScrollbackBuffer.install(buffer);
        return new TerminalPanel(settings, buffer, styleState) {
            @Override
            protected TerminalCopyPasteHandler createCopyPasteHandler() {
                return new FxClipboard();
            }
        };
    }

    /** Copy and paste through the system clipboard (and the X11 selection where JavaFX offers none). */
    static final class FxClipboard implements TerminalCopyPasteHandler {
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
            Clipboard clipboard = Clipboard.getSystemClipboard();
            return clipboard.hasString() ? clipboard.getString() : null;
        }
    }
}
