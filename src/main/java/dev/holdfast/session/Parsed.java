package dev.holdfast.session;

import java.util.Optional;

/**
 * The outcome of reading a value the user typed: the value, or a message saying what is wrong with it.
 *
 * @param <T> the value's type
 */
public final class Parsed<T> {
    private final T value;
    private final String error;

    private Parsed(T value, String error) {
        this.value = value;
        this.error = error;
    }

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, null);
    }

    public static <T> Parsed<T> error(String message) {
        return new Parsed<>(null, message);
    }

    public boolean isOk() {
        return error == null;
    }

    /** The value; only call when {@link #isOk()}. */
    public T value() {
        if (error != null) {
            throw new IllegalStateException("invalid value: " + error);
        }
        return value;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }
}
