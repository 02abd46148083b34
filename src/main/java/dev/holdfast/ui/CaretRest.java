package dev.holdfast.ui;

import dev.holdfast.terminal.FrameGate;
import java.lang.reflect.Field;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.skin.TextInputControlSkin;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Window;
import org.slf4j.LoggerFactory;

/**
 * The text caret of a field stops blinking, shown, some seconds after the person last typed, clicked or moved the
 * focus there (as GTK's and the terminal's carets do: {@link FrameGate#BLINK_TIMEOUT_MILLIS}). JavaFX blinks a
 * focused field's caret with a {@code Timeline}, and a running animation keeps every pulse going: with the
 * session filter focused and nothing else happening, the app woke hundreds of times a second for a caret. The
 * next key, click or focus change blinks it again (the field's own skin restarts it; this only stops it).
 */
public final class CaretRest {
    private static final Field BLINK = blinkField();
    private final long restMillis;
    private FxTicker.Ticking pending;
    /** Which restart the pending rest belongs to: one already on its way to the FX thread may be stale. */
    private long generation;

    private CaretRest(long restMillis) {
        this.restMillis = restMillis;
    }

    /** Every window the app opens from now on (dialogs and alerts too) and those already open. */
    public static void everywhere() {
        everywhere(FrameGate.BLINK_TIMEOUT_MILLIS);
    }

    static void everywhere(long restMillis) {
        EveryWindow.each(window -> install(window, restMillis));
    }

    static void install(Window window, long restMillis) {
        if (window.getProperties().containsKey(CaretRest.class)) {
            return;
        }
        CaretRest rest = new CaretRest(restMillis);
        window.getProperties().put(CaretRest.class, rest);
        EventHandler<InputEvent> activity = event -> rest.restart(window);
        ChangeListener<Object> changed = (o, was, now) -> rest.restart(window);
        window.addEventFilter(KeyEvent.ANY, activity);
        window.addEventFilter(MouseEvent.MOUSE_PRESSED, activity);
        window.focusedProperty().addListener(changed);
        window.sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.focusOwnerProperty().removeListener(changed);
            }
            watch(now, changed);
            rest.restart(window);
        });
        watch(window.getScene(), changed);
        window.showingProperty().addListener((o, was, now) -> {
            if (now) {
                rest.restart(window);
            } else {
                rest.cancel();
            }
        });
        rest.restart(window);
    }

    private static void watch(Scene scene, ChangeListener<Object> changed) {
        if (scene != null) {
            scene.focusOwnerProperty().addListener(changed);
        }
    }

    private void restart(Window window) {
        cancel();
        if (window.isShowing()) {
            long mine = generation;
            pending = FxTicker.after(restMillis, () -> settle(window, mine));
        }
    }

    private void cancel() {
        generation++;
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }

    private void settle(Window window, long mine) {
        if (mine != generation) {
            return;
        }
        pending = null;
        Scene scene = window.getScene();
        Node owner = scene == null ? null : scene.getFocusOwner();
        if (BLINK != null && owner instanceof TextInputControl field
                && field.getSkin() instanceof TextInputControlSkin<?> skin) {
            rest(skin);
        }
    }

    /**
     * The skin's public {@code setCaretAnimating(false)} stops its blink timeline but leaves the caret in the
     * timeline's hidden phase (its private {@code blink} is true there); the caret is then shown by setting that
     * back. Only where the field is found ({@link #BLINK}): without it the caret blinks on, as JavaFX has it.
     */
    private static void rest(TextInputControlSkin<?> skin) {
        skin.setCaretAnimating(false);
        try {
            ((BooleanProperty) BLINK.get(skin)).set(false);
        } catch (IllegalAccessException | RuntimeException e) {
            skin.setCaretAnimating(true); // never leave it hidden
        }
    }

    /** JavaFX 21's {@code TextInputControlSkin.blink}, or null where it is not there or not to be reached. */
    private static Field blinkField() {
        try {
            Field field = TextInputControlSkin.class.getDeclaredField("blink");
            if (!BooleanProperty.class.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true); // JavaFX runs from the class path (installer/build.sh): an unnamed module
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LoggerFactory.getLogger(CaretRest.class).debug("Text carets blink on: {}", e.toString());
            return null;
        }
    }
}
