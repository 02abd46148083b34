package dev.holdfast.session;

/** The terminal's colours: the app theme's own, or a named scheme. The palettes are in the terminal package. */
public enum ColorScheme {
    FOLLOW_THEME("Follow the app theme"),
    LIGHT("Holdfast light"),
    DARK("Holdfast dark"),
    SOLARIZED_LIGHT("Solarized light"),
    SOLARIZED_DARK("Solarized dark"),
    TANGO_LIGHT("Tango light"),
    TANGO_DARK("Tango dark");

    private final String label;

    ColorScheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
