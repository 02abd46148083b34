package dev.holdfast.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.ColorScheme;
import org.junit.jupiter.api.Test;

class TerminalPaletteTest {

    @Test
    void everyAnsiColourOfEverySchemeIsReadableOnItsBackground() {
        for (ColorScheme scheme : ColorScheme.values()) {
            for (boolean dark : new boolean[] {false, true}) {
                TerminalPalette p = TerminalPalette.of(scheme, dark);
                for (int i = 0; i < 16; i++) {
                    double ratio = TerminalPalette.contrast(p.ansi(i), p.background());
                    assertTrue(ratio >= TerminalPalette.MIN_TEXT_CONTRAST,
                            scheme + " dark=" + dark + " colour " + i + " has contrast " + ratio);
                }
                assertTrue(TerminalPalette.contrast(p.foreground(), p.background()) >= 4.5, scheme + " text");
                assertTrue(TerminalPalette.contrast(p.foreground(), p.selection()) >= 3.0, scheme + " selection");
            }
        }
    }

    @Test
    void followThemeIsDarkInTheDarkThemeAndLightInTheLight() {
        assertTrue(TerminalPalette.isDark(TerminalPalette.of(ColorScheme.FOLLOW_THEME, true).background()));
        assertTrue(!TerminalPalette.isDark(TerminalPalette.of(ColorScheme.FOLLOW_THEME, false).background()));
        assertTrue(TerminalPalette.isDark(TerminalPalette.of(ColorScheme.SOLARIZED_DARK, false).background()));
    }

    @Test
    void blackOnDarkAndWhiteOnLightBecomeGreys() {
        // Solarized's bright black is its own dark background; Tango's white is near white.
        TerminalPalette solarized = TerminalPalette.of(ColorScheme.SOLARIZED_DARK, true);
        assertNotEquals(0x002b36, solarized.ansi(8));
        assertTrue(TerminalPalette.isDark(0x002b36));
        TerminalPalette tango = TerminalPalette.of(ColorScheme.TANGO_LIGHT, false);
        int white = tango.ansi(15);
        int r = white >> 16 & 0xff;
        int g = white >> 8 & 0xff;
        int b = white & 0xff;
        assertTrue(r < 0xc0 && g < 0xc0 && b < 0xc0, "bright white on white is a mid grey: " + Integer.toHexString(white));
    }

    @Test
    void aColourReadableAlreadyIsKept() {
        assertEquals(0xcc0000, TerminalPalette.readableOn(0xcc0000, 0xffffff));
        assertEquals(0xffffff, TerminalPalette.readableOn(0xffffff, 0x000000));
    }

    @Test
    void contrastMatchesWcagExamples() {
        assertEquals(21.0, TerminalPalette.contrast(0x000000, 0xffffff), 0.01);
        assertEquals(1.0, TerminalPalette.contrast(0x777777, 0x777777), 0.001);
        assertEquals(4.48, TerminalPalette.contrast(0x777777, 0xffffff), 0.01);
    }
}
