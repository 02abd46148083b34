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

    /**
     * Runs {@code action} on the FX thread after what is queued there now, even when called on it: for work
     * that must wait until the current event or layout pass is done.
     */
    public static void later(Runnable action) {
        Platform.runLater(action);
    }
}
