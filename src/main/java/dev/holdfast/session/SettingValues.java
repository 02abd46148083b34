package dev.holdfast.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of setting values: a session's overrides, or the values Default Settings change from
 * the built-in ones. A setting that is absent is inherited from the next layer.
 */
public final class SettingValues {
    private static final SettingValues EMPTY = new SettingValues(Map.of());

    private final Map<Setting<?>, Object> values;

    private SettingValues(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    public static SettingValues empty() {
        return EMPTY;
    }

    /** The values of a map made by the caller, which must not change it afterwards; for reading files. */
    static SettingValues of(Map<Setting<?>, Object> values) {
        return values.isEmpty() ? EMPTY : new SettingValues(Collections.unmodifiableMap(values));
    }

    public <T> Optional<T> get(Setting<T> setting) {
        return Optional.ofNullable(setting.type().cast(values.get(setting)));
    }

    public boolean contains(Setting<?> setting) {
        return values.containsKey(setting);
    }

    public Set<Setting<?>> settings() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy with {@code setting} set to {@code value}. */
    public <T> SettingValues with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, setting.type().cast(java.util.Objects.requireNonNull(value)));
        return new SettingValues(Collections.unmodifiableMap(copy));
    }

    /** A copy without {@code setting}, so it is inherited again. */
    public SettingValues without(Setting<?> setting) {
        if (!values.containsKey(setting)) {
            return this;
        }
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.remove(setting);
        return new SettingValues(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SettingValues that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
