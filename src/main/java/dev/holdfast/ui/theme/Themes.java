package dev.holdfast.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** Applies AtlantaFX's Primer theme, light or dark. FX thread. */
public final class Themes {
    private Themes() {
    }

    /**
     * Applies the light or dark theme for this choice.
     *
     * @param choice the user's preference
     * @param systemPrefersDark what {@link SystemAppearance#prefersDark()} said at start
     */
    public static void apply(ThemeChoice choice, boolean systemPrefersDark) {
        boolean dark = choice == ThemeChoice.DARK || (choice == ThemeChoice.SYSTEM && systemPrefersDark);
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
