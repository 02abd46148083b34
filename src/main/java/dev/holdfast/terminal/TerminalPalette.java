package dev.holdfast.terminal;

import dev.holdfast.session.ColorScheme;

/**
 * A terminal's colours as 0xRRGGBB: the 16 ANSI colours, the default foreground and background, the
 * selection background and the cursor. Made from a scheme and the app theme; every ANSI colour is then
 * made readable on the background (contrast at least {@link #MIN_TEXT_CONTRAST}:1, WCAG), so "black" on a
 * dark background and "white" on a light one become greys, and a faint yellow is darkened or lightened.
 */
public final class TerminalPalette {
    /** The least WCAG contrast ratio of any ANSI colour used as text against the background. */
    public static final double MIN_TEXT_CONTRAST = 3.0;

    private final int[] ansi;
    private final int foreground;
    private final int background;
    private final int selection;
    private final int cursor;

    private TerminalPalette(int[] ansi, int foreground, int background, int selection, int cursor) {
        this.ansi = ansi;
        this.foreground = foreground;
        this.background = background;
        this.selection = selection;
        this.cursor = cursor;
    }

    private static final int[] GITHUB_LIGHT = {0x24292f, 0xcf222e, 0x116329, 0x7d4e00, 0x0969da, 0x8250df,
        0x1b7c83, 0x6e7781, 0x57606a, 0xa40e26, 0x1a7f37, 0x633c01, 0x0550ae, 0x6639ba, 0x0f6f76, 0x8c959f};
    private static final int[] GITHUB_DARK = {0x484f58, 0xff7b72, 0x3fb950, 0xd29922, 0x58a6ff, 0xbc8cff,
        0x39c5cf, 0xb1bac4, 0x6e7681, 0xffa198, 0x56d364, 0xe3b341, 0x79c0ff, 0xd2a8ff, 0x56d4dd, 0xffffff};
    private static final int[] SOLARIZED = {0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682,
        0x2aa198, 0xeee8d5, 0x002b36, 0xcb4b16, 0x586e75, 0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3};
    private static final int[] TANGO = {0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b,
        0x06989a, 0xd3d7cf, 0x555753, 0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec};

    /**
     * The palette for {@code scheme}; {@link ColorScheme#FOLLOW_THEME} takes the light or dark one as the
     * app theme is.
     */
    public static TerminalPalette of(ColorScheme scheme, boolean darkTheme) {
        return switch (scheme) {
            case FOLLOW_THEME -> of(darkTheme ? ColorScheme.DARK : ColorScheme.LIGHT, darkTheme);
            case LIGHT -> make(GITHUB_LIGHT, 0x1f2328, 0xffffff, 0xb6d7ff, 0x1f2328);
            case DARK -> make(GITHUB_DARK, 0xe6edf3, 0x0d1117, 0x264f78, 0xe6edf3);
            case SOLARIZED_LIGHT -> make(SOLARIZED, 0x586e75, 0xfdf6e3, 0xeee8d5, 0x586e75);
            case SOLARIZED_DARK -> make(SOLARIZED, 0x93a1a1, 0x002b36, 0x073642, 0x93a1a1);
            case TANGO_LIGHT -> make(TANGO, 0x2e3436, 0xffffff, 0xb5d5ff, 0x2e3436);
            case TANGO_DARK -> make(TANGO, 0xd3d7cf, 0x2e3436, 0x4a5a6a, 0xd3d7cf);
        };
    }

    private static TerminalPalette make(int[] ansi, int foreground, int background, int selection, int cursor) {
        int[] readable = new int[16];
        for (int i = 0; i < 16; i++) {
            readable[i] = readableOn(ansi[i], background);
        }
        return new TerminalPalette(readable, foreground, background, selection, cursor);
    }

    /**
     * {@code color}, or if it is too faint on {@code background} the nearest colour towards white (on a
     * dark background) or black (on a light one) that reaches {@link #MIN_TEXT_CONTRAST}.
     */
    static int readableOn(int color, int background) {
        int target = isDark(background) ? 0xffffff : 0x000000;
        int mixed = color;
        for (int step = 1; contrast(mixed, background) < MIN_TEXT_CONTRAST && step <= 20; step++) {
            mixed = mix(color, target, step / 20.0);
        }
        return mixed;
    }

    /** Whether a background counts as dark: nearer black than white by luminance. */
    public static boolean isDark(int rgb) {
        return luminance(rgb) < 0.18;
    }

    /** The WCAG 2 contrast ratio of two colours, from 1 to 21. */
    public static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG relative luminance of an sRGB colour. */
    static double luminance(int rgb) {
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.039_28 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int mix(int from, int to, double amount) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - amount) + ((to >> 16) & 0xff) * amount);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - amount) + ((to >> 8) & 0xff) * amount);
        int b = (int) Math.round((from & 0xff) * (1 - amount) + (to & 0xff) * amount);
        return (r << 16) | (g << 8) | b;
    }

    /** ANSI colour {@code index}, 0 to 15 (8 to 15 are the bright ones). */
    public int ansi(int index) {
        return ansi[index];
    }

    public int foreground() {
        return foreground;
    }

    public int background() {
        return background;
    }

    public int selection() {
        return selection;
    }

    public int cursor() {
        return cursor;
    }
}
