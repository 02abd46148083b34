package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.ui.TerminalActionPresentation;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The terminal widget's settings from a session: font size and scrollback from its settings, copy and
 * paste on Ctrl+Shift+C / Ctrl+Shift+V, and every key a shell needs (Ctrl+L, Ctrl+F…) left to the shell.
 */
final class TerminalSettings extends DefaultSettingsProvider {
    private final float fontSize;
    private final int scrollback;

    TerminalSettings(int fontSize, int scrollback) {
        this.fontSize = fontSize;
        this.scrollback = scrollback;
    }

    @Override
    public float getTerminalFontSize() {
        return fontSize;
    }

    @Override
    public int getBufferMaxLinesCount() {
        return scrollback;
    }

    @Override
    public TerminalActionPresentation getCopyActionPresentation() {
        return new TerminalActionPresentation("Copy", new KeyCodeCombination(KeyCode.C,
                KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
    }

    @Override
    public TerminalActionPresentation getPasteActionPresentation() {
        return new TerminalActionPresentation("Paste", List.of(
                new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                new KeyCodeCombination(KeyCode.INSERT, KeyCombination.SHIFT_DOWN)));
    }

    /** Ctrl+L clears the screen in the shell; clearing the scrollback stays in the context menu. */
    @Override
    public TerminalActionPresentation getClearBufferActionPresentation() {
        return new TerminalActionPresentation("Clear Scrollback", List.of());
    }

    @Override
    public TerminalActionPresentation getFindActionPresentation() {
        return new TerminalActionPresentation("Find", new KeyCodeCombination(KeyCode.F,
                KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
    }

    @Override
    public TerminalActionPresentation getSelectAllActionPresentation() {
        return new TerminalActionPresentation("Select All", new KeyCodeCombination(KeyCode.A,
                KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
    }

    @Override
    public boolean audibleBell() {
        return false;
    }
}
