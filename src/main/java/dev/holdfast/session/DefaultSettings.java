package dev.holdfast.session;

import java.util.Map;

/**
 * The values every session inherits unless it overrides them: the user's changes over the built-in
 * defaults. Immutable; a change makes a new instance, and sessions resolve against whichever instance
 * is current, so a changed default reaches every session that does not override it.
 *
 * @param values the settings the user changed; the rest come from {@link Setting#builtIn()}
 * @param unknownSettings keys from a newer version's file, kept so saving does not drop them
 */
public record DefaultSettings(SettingValues values, Map<String, Object> unknownSettings) {
    private static final DefaultSettings BUILT_IN = new DefaultSettings(SettingValues.empty(), Map.of());

    public DefaultSettings {
        unknownSettings = Map.copyOf(unknownSettings);
    }

    public static DefaultSettings builtIn() {
        return BUILT_IN;
    }

    public <T> T get(Setting<T> setting) {
        return values.get(setting).orElse(setting.builtIn());
    }

    public <T> DefaultSettings with(Setting<T> setting, T value) {
        return new DefaultSettings(values.with(setting, value), unknownSettings);
    }
}
