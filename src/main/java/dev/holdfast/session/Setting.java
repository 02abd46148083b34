package dev.holdfast.session;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * One inheritable setting: its key in the settings file, its label, its built-in default and its rule.
 * Sessions and Default Settings hold values of the same {@code Setting}s; see {@link Settings} for the list.
 *
 * @param <T> the value type: {@code String}, {@code Integer}, {@code Boolean} or an enum
 */
public final class Setting<T> {
    private final String key;
    private final String label;
    private final Class<T> type;
    private final T builtIn;
    private final Function<T, Optional<String>> rule;

    Setting(String key, String label, Class<T> type, T builtIn, Function<T, Optional<String>> rule) {
        this.key = key;
        this.label = label;
        this.type = type;
        this.builtIn = builtIn;
        this.rule = rule;
    }

    /** The name of this setting in the settings file. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Class<T> type() {
        return type;
    }

    /** The value used when neither the session nor Default Settings set one. */
    public T builtIn() {
        return builtIn;
    }

    /** The message explaining why {@code value} is not allowed, or empty when it is. */
    public Optional<String> check(T value) {
        return rule.apply(value);
    }

    /** Reads what the user typed: trims numbers, then applies the rule. */
    public Parsed<T> parse(String text) {
        Object value;
        if (type == Integer.class) {
            String trimmed = text.strip();
            if (trimmed.isEmpty()) {
                return Parsed.error("Enter a number");
            }
            try {
                value = Integer.valueOf(trimmed);
            } catch (NumberFormatException e) {
                return Parsed.error(trimmed.matches("-?\\d+") ? "Number is too large" : "Enter a whole number");
            }
        } else if (type == String.class) {
            value = text;
        } else if (type == Boolean.class) {
            value = Boolean.valueOf(text.strip());
        } else if (type.isEnum()) {
            Optional<T> constant = enumByName(text.strip());
            if (constant.isEmpty()) {
                return Parsed.error("Unknown value '" + text + "'");
            }
            value = constant.get();
        } else {
            throw new IllegalStateException("unsupported setting type " + type);
        }
        T typed = type.cast(value);
        return check(typed).<Parsed<T>>map(Parsed::error).orElseGet(() -> Parsed.ok(typed));
    }

    /** The value as text for a text field. */
    public String format(T value) {
        return value instanceof Enum<?> e ? enumName(e) : String.valueOf(value);
    }

    /** Looks up an enum constant by its settings-file name (for example {@code null-packet}). */
    public Optional<T> enumByName(String name) {
        if (!type.isEnum()) {
            return Optional.empty();
        }
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> enumName((Enum<?>) c).equals(name))
                .findFirst();
    }

    static String enumName(Enum<?> constant) {
        if (constant instanceof AuthMethod auth) {
            return auth.jsonName();
        }
        if (constant instanceof dev.holdfast.keepalive.KeepaliveMode mode) {
            return mode.jsonName();
        }
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return key;
    }
}
