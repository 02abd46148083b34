package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.techsenger.jeditermfx.core.TerminalColor;
import dev.holdfast.session.ColorScheme;
import dev.holdfast.terminal.TerminalPalette;
import org.junit.jupiter.api.Test;

/** What JediTermFX is given: the scheme's colours, not its own black on white, and new ones after a theme change. */
class TerminalSettingsTest {

    private static int rgb(TerminalColor color) {
        var c = color.toColor();
        return c.getRed() << 16 | c.getGreen() << 8 | c.getBlue();
    }

    @Test
    @SuppressWarnings("deprecation")
    void followingTheThemeRecoloursTextAlreadyWritten() {
        TerminalSettings settings = new TerminalSettings(14, 100, ColorScheme.FOLLOW_THEME, "", 120, 8);
        settings.themeChanged(true);
        var style = settings.getDefaultStyle(); // what the emulator stores in cells without colours
        assertTrue(TerminalPalette.isDark(rgb(style.getBackground())));
        settings.themeChanged(false);
        assertFalse(TerminalPalette.isDark(rgb(style.getBackground())), "the same style, read again, is light");
        assertEquals(TerminalPalette.of(ColorScheme.LIGHT, false).foreground(), rgb(style.getForeground()));
        assertEquals(1.2f, settings.getLineSpacing(), 0.001);
        assertEquals(8, settings.padding());
    }

    @Test
    void brightWhiteIsReadableOnALightTerminal() {
        TerminalSettings settings = new TerminalSettings(14, 100, ColorScheme.TANGO_LIGHT, "", 100, 0);
        var white = settings.getTerminalColorPalette().getForeground(TerminalColor.index(15));
        int rgb = white.getRed() << 16 | white.getGreen() << 8 | white.getBlue();
        assertNotEquals(0xeeeeec, rgb);
        assertTrue(TerminalPalette.contrast(rgb, rgb(settings.getDefaultBackground())) >= 3.0);
    }

    @Test
    void aFixedSchemeIgnoresTheTheme() {
        TerminalSettings settings = new TerminalSettings(14, 100, ColorScheme.SOLARIZED_DARK, "", 100, 0);
        settings.themeChanged(false);
        assertEquals(0x002b36, rgb(settings.getDefaultBackground()));
        assertFalse(settings.followsTheme());
    }
}
