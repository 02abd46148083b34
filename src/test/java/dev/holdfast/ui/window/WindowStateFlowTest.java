package dev.holdfast.ui.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.SessionStore;
import dev.holdfast.ui.UiFlows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window comes back at the size, place and divider it was closed with. */
@ExtendWith(ApplicationExtension.class)
class WindowStateFlowTest {
    @TempDir
    Path configDir;

    private Services services;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        services = UiFlows.services(configDir);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void sizePositionAndDividerSurviveARestart() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = window.stage();
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(900);
            stage.setHeight(620);
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> split(window.stage()).setDividerPositions(0.42)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(window::quit).get(5, TimeUnit.SECONDS);
        services.library().flush(Duration.ofSeconds(5));
        assertTrue(new SessionStore(configDir).load().catalog().preferences().containsKey(WindowState.PREFERENCE));

        Services again = UiFlows.services(configDir);
        try {
            Stage restored = WaitForAsyncUtils.asyncFx(() -> {
                Stage stage = new Stage();
                new MainWindow(stage, again.library(), again.store().file(), false, again.connections());
                stage.show();
                return stage;
            }).get(5, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(40, restored.getX(), 1);
            assertEquals(30, restored.getY(), 1);
            assertEquals(900, restored.getWidth(), 1);
            assertEquals(620, restored.getHeight(), 1);
            assertEquals(0.42, split(restored).getDividerPositions()[0], 0.01);
            WaitForAsyncUtils.asyncFx(restored::hide).get(5, TimeUnit.SECONDS);
        } finally {
            again.close();
        }
    }

    @Test
    void anUnreadablePreferenceIsIgnored() {
        assertTrue(WindowState.from(java.util.Map.of(WindowState.PREFERENCE, "garbage")).isEmpty());
        assertTrue(WindowState.from(java.util.Map.of(WindowState.PREFERENCE, "1,2,10,10,false,0.3")).isEmpty(),
                "too small to be a window someone wants back");
    }

    private static SplitPane split(Stage stage) {
        return (SplitPane) stage.getScene().getRoot().lookup(".split-pane");
    }
}
