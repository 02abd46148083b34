package dev.holdfast.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/** Applies AtlantaFX's Primer theme, light or dark. FX thread. */
public final class Themes {
    private static final ReadOnlyBooleanWrapper DARK = new ReadOnlyBooleanWrapper(false);

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
        DARK.set(dark);
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Whether the theme applied last is the dark one; terminals that follow the theme listen to it. */
    public static ReadOnlyBooleanProperty dark() {
        return DARK.getReadOnlyProperty();
    }
}
