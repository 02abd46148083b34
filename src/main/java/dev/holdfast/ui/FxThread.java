package dev.holdfast.ui;

import javafx.application.Platform;

/** The one place where work hops onto the JavaFX application thread. */
public final class FxThread {
    private FxThread() {
    }

    /** Runs {@code action} on the FX thread: now if already there, else as soon as possible. */
    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
