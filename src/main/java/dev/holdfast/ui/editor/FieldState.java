package dev.holdfast.ui.editor;

import dev.holdfast.session.Parsed;
import dev.holdfast.session.Setting;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * One setting in the editor. The text the user typed is the source of truth and is never replaced
 * behind their back; {@link #parsed()} says whether it is a valid value. In a session, typing makes the
 * field overridden and {@link #reset()} brings back the inherited value. FX thread only.
 *
 * @param <T> the setting's value type
 */
public final class FieldState<T> {
    private final Setting<T> setting;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty overridden = new SimpleBooleanProperty(this, "overridden");
    private final BooleanProperty touched = new SimpleBooleanProperty(this, "touched");
    private final ObjectProperty<T> inherited = new SimpleObjectProperty<>(this, "inherited");
    private final BooleanProperty applicable = new SimpleBooleanProperty(this, "applicable", true);
    private final ObjectBinding<Parsed<T>> parsed;
    private final StringBinding error;
    private final StringBinding warning;
    private boolean settingProgrammatically;
    private String loadedText = "";
    private boolean loadedOverride;
    private T savedValue;

    FieldState(Setting<T> setting, Function<String, Optional<String>> extraRule) {
        this(setting, extraRule, text -> Optional.empty());
    }

    /**
     * @param warningRule a hint about a valid value that does not block saving (a key file that is not
     *     there right now); shown only when the value has no error
     */
    FieldState(Setting<T> setting, Function<String, Optional<String>> extraRule,
               Function<String, Optional<String>> warningRule) {
        this(setting, extraRule, warningRule, new javafx.beans.Observable[0]);
    }

    /**
     * @param extraDependsOn what else {@code extraRule} reads (another field's value), so the rule is
     *     checked again when that changes
     */
    FieldState(Setting<T> setting, Function<String, Optional<String>> extraRule,
               Function<String, Optional<String>> warningRule, javafx.beans.Observable... extraDependsOn) {
        this.setting = setting;
        javafx.beans.Observable[] dependencies = new javafx.beans.Observable[extraDependsOn.length + 1];
        dependencies[0] = text;
        System.arraycopy(extraDependsOn, 0, dependencies, 1, extraDependsOn.length);
        this.parsed = Bindings.createObjectBinding(() -> {
            Parsed<T> result = setting.parse(text.get());
            if (result.isOk()) {
                Optional<String> extra = extraRule.apply(text.get());
                if (extra.isPresent()) {
                    return Parsed.error(extra.get());
                }
            }
            return result;
        }, dependencies);
        this.error = Bindings.createStringBinding(() -> applicable.get()
                ? parsed.get().error().orElse("") : "", parsed, applicable);
        this.warning = Bindings.createStringBinding(() -> applicable.get() && parsed.get().isOk()
                ? warningRule.apply(text.get()).orElse("") : "", parsed, applicable, text);
        text.addListener((obs, old, now) -> {
            if (!settingProgrammatically) {
                overridden.set(true);
                touched.set(true);
            }
        });
    }

    /** Shows {@code value} as inherited (session) or as the current value (defaults). */
    void load(T value, boolean isOverride, T inheritedValue) {
        savedValue = value;
        inherited.set(inheritedValue);
        setText(setting.format(value));
        overridden.set(isOverride);
        loadedText = text.get();
        loadedOverride = isOverride;
    }

    /** Whether the user changed the field since it was loaded: its text, or whether it overrides. */
    public boolean changed() {
        return overridden.get() != loadedOverride || !text.get().strip().equals(loadedText.strip());
    }

    /** Follows a changed default while this field still inherits. */
    void inheritedChanged(T value) {
        inherited.set(value);
        if (!overridden.get()) {
            setText(setting.format(value));
            if (!loadedOverride) {
                loadedText = text.get(); // followed a default changed elsewhere: not a change of the user's
            }
        }
    }

    /** Back to the inherited value; the field is no longer overridden. */
    public void reset() {
        setText(setting.format(inherited.get()));
        overridden.set(false);
    }

    /** Sets a value chosen in a non-text control (combo box, check box, radio button). */
    public void choose(T value) {
        text.set(setting.format(value));
    }

    private void setText(String value) {
        settingProgrammatically = true;
        try {
            text.set(value);
        } finally {
            settingProgrammatically = false;
        }
    }

    /** The value the field showed when the editor opened. */
    public T savedValue() {
        return savedValue;
    }

    public Setting<T> setting() {
        return setting;
    }

    public StringProperty text() {
        return text;
    }

    public BooleanProperty overridden() {
        return overridden;
    }

    /** Whether the user has edited the field; untouched empty fields show no error yet. */
    public BooleanProperty touched() {
        return touched;
    }

    public ObjectProperty<T> inherited() {
        return inherited;
    }

    /** False while another setting makes this one irrelevant (e.g. key file with password auth). */
    public BooleanProperty applicable() {
        return applicable;
    }

    public ObjectBinding<Parsed<T>> parsed() {
        return parsed;
    }

    /** The message to show, or empty text; empty while the field is not applicable. */
    public StringBinding error() {
        return error;
    }

    /** A warning that does not block saving, or empty text; empty while there is an error. */
    public StringBinding warning() {
        return warning;
    }

    public BooleanBinding invalid() {
        return error.isNotEmpty();
    }

    /** The current value if valid, else the inherited one; for derived displays. */
    public T valueOrInherited() {
        Parsed<T> result = parsed.get();
        return result.isOk() ? result.value() : inherited.get();
    }

    ObservableBooleanValue isValid() {
        return error.isEmpty();
    }
}
