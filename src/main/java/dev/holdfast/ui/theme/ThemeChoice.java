package dev.holdfast.ui.theme;

import java.util.Arrays;

/** The user's theme preference, stored by its {@link #key()} in the settings file. */
public enum ThemeChoice {
    SYSTEM("system", "Follow system"),
    LIGHT("light", "Light"),
    DARK("dark", "Dark");

    public static final String PREFERENCE = "theme";

    private final String key;
    private final String label;

    ThemeChoice(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static ThemeChoice fromKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst().orElse(SYSTEM);
    }
}
