package dev.holdfast.ui.window;

import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;

/**
 * The window's tab keys, taken before the terminal sees them. Ctrl+W is not among them: in a terminal it
 * belongs to the shell (delete a word), so closing a tab is Ctrl+Shift+W.
 */
final class TabKeys {
    /** What a key does. */
    enum Kind { NEXT, PREVIOUS, NUMBER, CLOSE }

    /**
     * @param kind the action
     * @param index for {@link Kind#NUMBER}: the tab from 0 (8 means the last tab)
     */
    record Key(Kind kind, int index) {
    }

    /** Every shortcut of the window, as the Help → Keyboard window and the README list them. */
    static final List<String[]> ALL = List.of(
            new String[] {"Ctrl+Tab, Ctrl+Page Down", "Next tab"},
            new String[] {"Ctrl+Shift+Tab, Ctrl+Page Up", "Previous tab"},
            new String[] {"Alt+1 \u2026 Alt+8", "Tab 1 to 8"},
            new String[] {"Alt+9", "Last tab"},
            new String[] {"Ctrl+Shift+W", "Close tab (Ctrl+W stays the shell's)"},
            new String[] {"Ctrl+N", "New session"},
            new String[] {"Ctrl+O, Enter, double-click", "Open the selected session"},
            new String[] {"Ctrl+E", "Edit the selected session"},
            new String[] {"F2", "Rename the selected session"},
            new String[] {"Ctrl+D", "Duplicate the selected session"},
            new String[] {"Delete", "Delete the selected session (asks first)"},
            new String[] {"Ctrl+F", "Find a session (the filter box)"},
            new String[] {"Ctrl+Shift+B", "Show or hide the session list"},
            new String[] {"Ctrl+Comma", "Default Settings"},
            new String[] {"Ctrl+I", "Import sessions"},
            new String[] {"F1", "This list"},
            new String[] {"Ctrl+Q", "Quit"});

    private TabKeys() {
    }

    /** The action for a key press with these modifiers, if it is one of the tab keys. */
    static Optional<Key> action(KeyCode code, boolean ctrl, boolean shift, boolean alt, boolean meta) {
        if (meta) {
            return Optional.empty();
        }
        if (ctrl && !alt) {
            if (code == KeyCode.TAB) {
                return Optional.of(new Key(shift ? Kind.PREVIOUS : Kind.NEXT, 0));
            }
            if (!shift && code == KeyCode.PAGE_DOWN) {
                return Optional.of(new Key(Kind.NEXT, 0));
            }
            if (!shift && code == KeyCode.PAGE_UP) {
                return Optional.of(new Key(Kind.PREVIOUS, 0));
            }
            if (shift && code == KeyCode.W) {
                return Optional.of(new Key(Kind.CLOSE, 0));
            }
            return Optional.empty();
        }
        if (alt && !ctrl && !shift && code.isDigitKey() && code != KeyCode.DIGIT0 && code != KeyCode.NUMPAD0) {
            String name = code.getName();
            int digit = name.charAt(name.length() - 1) - '1';
            return Optional.of(new Key(Kind.NUMBER, digit));
        }
        return Optional.empty();
    }
}
