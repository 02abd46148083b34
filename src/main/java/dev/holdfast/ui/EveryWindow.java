package dev.holdfast.ui;

import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.stage.Window;

/** Something done to every window of the app: those open now and each one opened later (dialogs, alerts too). */
final class EveryWindow {
    private EveryWindow() {
    }

    /** Runs {@code action} on each window now and on each new one; on the FX thread. Remove the listener to stop. */
    static ListChangeListener<Window> each(Consumer<Window> action) {
        Window.getWindows().forEach(action);
        ListChangeListener<Window> added = change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(action);
            }
        };
        Window.getWindows().addListener(added);
        return added;
    }
}
