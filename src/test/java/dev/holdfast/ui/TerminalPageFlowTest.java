package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static dev.holdfast.ui.UiFlows.node;
import static dev.holdfast.ui.UiFlows.replaceText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The editor's Terminal page: colour scheme, font from the installed monospace ones, spacing, session log. */
@ExtendWith(ApplicationExtension.class)
class TerminalPageFlowTest {
    @TempDir
    Path configDir;

    private Services services;

    @Start
    void start(Stage stage) throws Exception {
        services = UiFlows.services(configDir);
        new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void theTerminalPageSetsColoursSpacingAndTheSessionLog(FxRobot robot) throws Exception {
        Clicks.on(robot, "#newButton");
        Stage editor = UiFlows.window("New Session");
        Clicks.on(robot, node(robot, editor, "#field-name")).write("coloured");
        Clicks.on(robot, node(robot, editor, "#field-host")).write("web.example.com");
        Clicks.on(robot, "Terminal");
        ComboBox<dev.holdfast.session.ColorScheme> scheme = in(robot, editor, "#field-colorScheme");
        assertEquals(dev.holdfast.session.ColorScheme.FOLLOW_THEME, scheme.getValue(), "follows the theme by default");
        robot.interact(() -> scheme.setValue(dev.holdfast.session.ColorScheme.SOLARIZED_DARK));
        replaceText(robot, in(robot, editor, "#field-lineSpacingPercent"), "130");
        ComboBox<String> fonts = in(robot, editor, "#fontChoices");
        robot.interact(fonts::show);
        List<String> families = javafx.scene.text.Font.getFamilies();
        if (families.contains("DejaVu Sans Mono") && families.contains("DejaVu Sans")) {
            assertTrue(fonts.getItems().contains("DejaVu Sans Mono"), fonts.getItems().toString());
            assertFalse(fonts.getItems().contains("DejaVu Sans"), "a proportional font is not offered");
        }
        robot.interact(() -> {
            fonts.hide();
            fonts.setValue(fonts.getItems().isEmpty() ? "Monospaced" : fonts.getItems().get(0));
        });
        String chosenFont = fonts.getValue();
        assertEquals(chosenFont, ((TextField) in(robot, editor, "#field-fontFamily")).getText());
        Clicks.on(robot, node(robot, editor, "#field-sessionLog"));
        Button saveButton = in(robot, editor, "#save");
        Clicks.on(robot, saveButton);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.isShowing());
        services.library().flush(Duration.ofSeconds(5));
        SessionProfile saved = services.store().peek().orElseThrow().byName("coloured").orElseThrow();
        EffectiveSettings effective = services.library().catalog().effective(saved);
        assertEquals(dev.holdfast.session.ColorScheme.SOLARIZED_DARK, effective.get(Settings.COLOR_SCHEME));
        assertEquals(130, effective.get(Settings.LINE_SPACING));
        assertEquals(chosenFont, effective.get(Settings.FONT_FAMILY));
        assertTrue(effective.get(Settings.SESSION_LOG));
        assertFalse(effective.isOverridden(Settings.PADDING), "untouched: inherited");
        assertEquals(java.util.Optional.of(Boolean.TRUE), saved.overrides().get(Settings.SESSION_LOG));
    }
}
