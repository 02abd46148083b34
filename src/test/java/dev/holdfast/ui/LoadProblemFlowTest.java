package dev.holdfast.ui;

import static dev.holdfast.ui.UiFlows.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.LoadProblem;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class LoadProblemFlowTest {
    @TempDir
    Path configDir;

    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void aCorruptSettingsFileIsSetAsideAndTheUserIsToldWhere(FxRobot robot) throws Exception {
        Files.writeString(configDir.resolve("sessions.json"), "{\"sessions\": [ {\"name\": ");
        services = UiFlows.services(configDir);
        MainWindow window = UiFlows.openMainWindow(stage, services);
        WaitForAsyncUtils.asyncFx(() -> window.report(services.loadProblem())).get(5, TimeUnit.SECONDS);

        Stage dialog = UiFlows.window("Sessions file");
        Path copy = services.loadProblem().orElseThrow().copy().orElseThrow();
        assertEquals(LoadProblem.Kind.SET_ASIDE, services.loadProblem().get().kind());
        String shown = robot.from(dialog.getScene().getRoot()).lookup(".label").queryAllAs(javafx.scene.control.Label.class)
                .stream().map(javafx.scene.control.Label::getText).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(shown.contains(copy.toString()), shown);
        assertTrue(shown.contains("could not be read"), shown);
        assertTrue(((TextArea) in(robot, dialog, "#loadProblemDetails")).getText().contains("not valid JSON"));
        assertTrue(Files.exists(copy));
        assertFalse(Files.exists(configDir.resolve("sessions.json")));
        assertEquals(List.of(), UiFlows.sessionNames(robot, stage), "the app starts empty, and works");
    }
}
