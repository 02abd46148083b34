package dev.holdfast.floor;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The start-up floor: the least a JavaFX app can do to show a window (a Stage with a Label), packaged
 * like Holdfast (same jlinked runtime, JavaFX on the class path, a plain main class, its own AppCDS
 * archive) so installer/measure-start.sh can time both the same way. Not part of the app.
 */
public final class Floor {
    /** The window title installer/measure-start.sh waits for. */
    public static final String TITLE = "Holdfast start-up floor";

    private Floor() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The window: a Label in a Stage the size of Holdfast's first window. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new StackPane(new Label("Floor")), 1100, 700));
            stage.setTitle(TITLE);
            stage.show();
            if (System.getenv("HOLDFAST_EXIT_AFTER_START") != null) {
                // as Holdfast does when packaging: one start, recorded into the AppCDS archive, then exit
                PauseTransition pause = new PauseTransition(Duration.seconds(2));
                pause.setOnFinished(e -> Platform.exit());
                pause.play();
            }
        }
    }
}
