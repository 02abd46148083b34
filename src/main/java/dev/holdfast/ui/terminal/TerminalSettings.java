package dev.holdfast.ui.terminal;

import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.ColorPalette;
import com.techsenger.jeditermfx.ui.TerminalActionPresentation;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import dev.holdfast.session.ColorScheme;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import dev.holdfast.terminal.TerminalPalette;
import dev.holdfast.ui.theme.TerminalFonts;
import dev.holdfast.ui.theme.Themes;
import java.util.List;
import javafx.scene.text.Font;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The terminal widget's settings from a session: font, size, line spacing, colours and scrollback from its
 * settings, copy and paste on Ctrl+Shift+C / Ctrl+Shift+V, and every key a shell needs (Ctrl+L, Ctrl+F…)
 * left to the shell. The colours come from {@link TerminalPalette}; JediTermFX asks for them at every
 * paint, so {@link #themeChanged(boolean)} and a repaint recolour a terminal that follows the theme.
 */
final class TerminalSettings extends DefaultSettingsProvider {
    private final float fontSize;
    private final int scrollback;
    private final ColorScheme scheme;
    private final String fontFamily;
    private final float lineSpacing;
    private final int padding;
    private volatile TerminalPalette palette;
    private volatile Colors colors;
    /** The default colours, read at each paint, so text already written recolours with the theme. */
    private final TerminalColor defaultForeground = new TerminalColor(() -> new Color(palette.foreground()));
    private final TerminalColor defaultBackground = new TerminalColor(() -> new Color(palette.background()));

    TerminalSettings(int fontSize, int scrollback) {
        this(fontSize, scrollback, ColorScheme.FOLLOW_THEME, "", 100, 6);
    }

    TerminalSettings(int fontSize, int scrollback, ColorScheme scheme, String fontFamily, int lineSpacingPercent,
                     int padding) {
        this.fontSize = fontSize;
        this.scrollback = scrollback;
        this.scheme = scheme;
        this.fontFamily = fontFamily;
        this.lineSpacing = lineSpacingPercent / 100f;
        this.padding = padding;
        themeChanged(Themes.dark().get());
    }

    /** The settings a session's terminal uses. */
    static TerminalSettings of(EffectiveSettings used) {
        return new TerminalSettings(used.get(Settings.FONT_SIZE), used.get(Settings.SCROLLBACK),
                used.get(Settings.COLOR_SCHEME), used.get(Settings.FONT_FAMILY), used.get(Settings.LINE_SPACING),
                used.get(Settings.PADDING));
    }

    /** Takes the palette for the app theme now in use; the caller repaints. */
    void themeChanged(boolean dark) {
        TerminalPalette now = TerminalPalette.of(scheme, dark);
        palette = now;
        colors = new Colors(now);
    }

    boolean followsTheme() {
        return scheme == ColorScheme.FOLLOW_THEME;
    }

    TerminalPalette palette() {
        return palette;
    }

    int padding() {
        return padding;
    }

    /** The palette as JediTermFX's colours. */
    private static final class Colors extends ColorPalette {
        private final Color[] ansi = new Color[16];

        Colors(TerminalPalette palette) {
            for (int i = 0; i < 16; i++) {
                ansi[i] = new Color(palette.ansi(i));
            }
        }

        @Override
        protected Color getForegroundByColorIndex(int colorIndex) {
            return ansi[colorIndex];
        }

        @Override
        protected Color getBackgroundByColorIndex(int colorIndex) {
            return ansi[colorIndex];
        }
    }

    private static TerminalColor color(int rgb) {
        return TerminalColor.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
    }

    @Override
    public ColorPalette getTerminalColorPalette() {
        return colors;
    }

    @Override
    public TerminalColor getDefaultForeground() {
        return defaultForeground;
    }

    @Override
    public TerminalColor getDefaultBackground() {
        return defaultBackground;
    }

    /** The emulator's style for text without colours (JediTermFX's own is black on white). */
    @Override
    @SuppressWarnings("deprecation")
    public TextStyle getDefaultStyle() {
        return new TextStyle(defaultForeground, defaultBackground);
    }

    @Override
    public TextStyle getSelectionColor() {
        return new TextStyle(defaultForeground, color(palette.selection()));
    }

    @Override
    public boolean useInverseSelectionColor() {
        return false;
    }

    @Override
    public Font getTerminalFont() {
        return Font.font(TerminalFonts.familyFor(fontFamily), fontSize);
    }

    @Override
    public float getLineSpacing() {
        return lineSpacing;
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
