package dev.holdfast.ui.window;

import dev.holdfast.testing.Clicks;
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
    void sizePositionAndSidebarWidthSurviveFiveRestarts() throws Exception {
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
        double wanted = WaitForAsyncUtils.asyncFx(() -> window.sessionList().node().getWidth()).get(5, TimeUnit.SECONDS);
        assertTrue(wanted > 300, "the list was dragged wider: " + wanted);
        WaitForAsyncUtils.asyncFx(window::quit).get(5, TimeUnit.SECONDS);
        services.library().flush(Duration.ofSeconds(5));
        assertTrue(new SessionStore(configDir).load().catalog().preferences().containsKey(WindowState.PREFERENCE));

        for (int start = 1; start <= 5; start++) {
            Services again = UiFlows.services(configDir);
            try {
                MainWindow[] opened = new MainWindow[1];
                Stage restored = WaitForAsyncUtils.asyncFx(() -> {
                    Stage stage = new Stage();
                    opened[0] = new MainWindow(stage, again.library(), again.store().file(), false, again.connections());
                    stage.show();
                    return stage;
                }).get(5, TimeUnit.SECONDS);
                WaitForAsyncUtils.waitForFxEvents();
                assertEquals(40, restored.getX(), 1);
                assertEquals(30, restored.getY(), 1);
                assertEquals(900, restored.getWidth(), 1);
                assertEquals(620, restored.getHeight(), 1);
                double width = WaitForAsyncUtils.asyncFx(() -> opened[0].sessionList().node().getWidth())
                        .get(5, TimeUnit.SECONDS);
                assertEquals(wanted, width, 2, "start " + start + ": the list keeps its width");
                WaitForAsyncUtils.asyncFx(opened[0]::quit).get(5, TimeUnit.SECONDS);
                again.library().flush(Duration.ofSeconds(5));
            } finally {
                again.close();
            }
        }
    }

    @Test
    void ctrlShiftBHidesTheListAndTheChoiceIsRemembered(org.testfx.api.FxRobot robot) throws Exception {
        double before = WaitForAsyncUtils.asyncFx(() -> window.sessionList().node().getWidth()).get(5, TimeUnit.SECONDS);
        Clicks.on(robot, "#filter");
        robot.push(javafx.scene.input.KeyCode.SHORTCUT, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.B);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, split(window.stage()).getItems().size(), "only the tabs are left");
        WaitForAsyncUtils.asyncFx(window::quit).get(5, TimeUnit.SECONDS);
        services.library().flush(Duration.ofSeconds(5));

        Services again = UiFlows.services(configDir);
        try {
            MainWindow[] opened = new MainWindow[1];
            Stage restored = WaitForAsyncUtils.asyncFx(() -> {
                Stage stage = new Stage();
                opened[0] = new MainWindow(stage, again.library(), again.store().file(), false, again.connections());
                stage.show();
                return stage;
            }).get(5, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(!opened[0].isSidebarShown() && split(restored).getItems().size() == 1, "still hidden");
            robot.push(javafx.scene.input.KeyCode.SHORTCUT, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.B);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(2, split(restored).getItems().size(), "shown again");
            double after = WaitForAsyncUtils.asyncFx(() -> opened[0].sessionList().node().getWidth()).get(5, TimeUnit.SECONDS);
            assertEquals(before, after, 2, "at the width it had");
            WaitForAsyncUtils.asyncFx(restored::hide).get(5, TimeUnit.SECONDS);
        } finally {
            again.close();
        }
    }

    @Test
    void theDividerArithmeticKeepsTheListInBounds() {
        assertEquals(300.0 / 1000, WindowState.divider(300, 1000), 1e-9);
        assertEquals(WindowState.MIN_SIDEBAR / 1000, WindowState.divider(50, 1000), 1e-9, "never below the minimum");
        assertEquals((1000 - WindowState.MIN_TABS) / 1000, WindowState.divider(5000, 1000), 1e-9,
                "the terminals keep their share");
        WindowState old = WindowState.from(java.util.Map.of(WindowState.PREFERENCE, "10,10,1500,800,false,0.099")).orElseThrow();
        assertEquals(WindowState.DEFAULT_SIDEBAR, old.sidebar(), 1e-9, "a shrunken fraction from before comes back usable");
        WindowState round = WindowState.from(java.util.Map.of(WindowState.PREFERENCE, "10,10,1500,800,false,377,true")).orElseThrow();
        assertEquals(377, round.sidebar(), 1e-9);
        assertTrue(round.sidebarHidden());
        assertEquals("10,10,1500,800,false,377,true", round.text());
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
