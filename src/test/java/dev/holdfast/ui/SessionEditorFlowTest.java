package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static dev.holdfast.ui.UiFlows.node;
import static dev.holdfast.ui.UiFlows.replaceText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class SessionEditorFlowTest {
    @TempDir
    static Path configDir;

    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        services = UiFlows.services(configDir);
        new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void aSessionCreatedInTheEditorIsInTheListAfterTheWindowIsRecreated(FxRobot robot) throws Exception {
        Clicks.on(robot, "#newButton");
        Stage editor = UiFlows.window("New Session");
        Button save = in(robot, editor, "#save");
        assertTrue(save.isDisabled(), "nothing typed yet: Save is off");

        Clicks.on(robot, node(robot, editor, "#field-name")).write("web server");
        ComboBox<String> folder = in(robot, editor, "#field-folder");
        Clicks.on(robot, folder.getEditor()).write("Work/Prod");
        Clicks.on(robot, node(robot, editor, "#field-host")).write("web.example.com");
        replaceText(robot, in(robot, editor, "#field-port"), "2222");
        Clicks.on(robot, node(robot, editor, "#field-user")).write("deploy");
        assertEquals("overridden", ((Label) in(robot, editor, "#badge-port")).getText());
        assertEquals("inherited", ((Label) in(robot, editor, "#badge-auth")).getText());

        Clicks.on(robot, "Connection");
        assertEquals("inherited", ((Label) in(robot, editor, "#badge-connectTimeoutSeconds")).getText());
        replaceText(robot, in(robot, editor, "#field-keepaliveIntervalSeconds"), "30");
        assertEquals("Declared dead about 120 s after the server goes silent (3 unanswered probes, one every 30 s).",
                ((Label) in(robot, editor, "#deadAfter")).getText());
        assertEquals("About 12 kB an hour while idle: 120 probes, each about 68 bytes out and 36 back.",
                ((Label) in(robot, editor, "#keepaliveCost")).getText());
        assertTrue(((Label) in(robot, editor, "#keepaliveGuidance")).getText().contains("below the shortest idle timeout"));
        Clicks.on(robot, "#keepalive-null-packet");
        assertEquals("About 4 kB an hour while idle: 120 null packets of about 36 bytes, with nothing back.",
                ((Label) in(robot, editor, "#keepaliveCost")).getText());
        assertTrue(((Label) in(robot, editor, "#deadAfter")).getText().contains("a dead connection is not detected"));
        Clicks.on(robot, "#keepalive-probe");

        assertFalse(save.isDisabled());
        Clicks.on(robot, save);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.isShowing());
        assertEquals(List.of("web server"), UiFlows.sessionNames(robot, stage));
        assertEquals(List.of("Work", "Prod"), UiFlows.folderNames(robot, stage));

        services.library().flush(Duration.ofSeconds(5));
        Stage second = WaitForAsyncUtils.asyncFx(() -> {
            stage.close();
            return new Stage();
        }).get(5, TimeUnit.SECONDS);
        Services reopened = UiFlows.services(configDir);
        try {
            UiFlows.openMainWindow(second, reopened);
            assertEquals(List.of("web server"), UiFlows.sessionNames(robot, second));
            assertEquals("deploy@web.example.com:2222",
                    UiFlows.cellTarget(UiFlows.sessionCell(robot, second, "web server")));

            Catalog catalog = reopened.library().catalog();
            SessionProfile saved = catalog.byName("web server").orElseThrow();
            EffectiveSettings effective = catalog.effective(saved);
            assertEquals("Work/Prod", saved.folder());
            assertEquals(30, effective.get(Settings.KEEPALIVE_INTERVAL));
            assertTrue(effective.isOverridden(Settings.KEEPALIVE_INTERVAL));
            assertFalse(effective.isOverridden(Settings.CONNECT_TIMEOUT), "untouched fields stay inherited");
            assertTrue(effective.isOverridden(Settings.KEEPALIVE_MODE), "a mode the user picked is pinned");
            assertEquals(dev.holdfast.keepalive.KeepaliveMode.PROBE, effective.get(Settings.KEEPALIVE_MODE));
            assertEquals(AuthMethod.PASSWORD, effective.get(Settings.AUTH));
        } finally {
            WaitForAsyncUtils.asyncFx(second::close).get(5, TimeUnit.SECONDS);
            reopened.close();
        }
    }

    @Test
    void anInvalidPortShowsItsMessageDisablesSaveAndKeepsWhatWasTyped(FxRobot robot) throws Exception {
        Clicks.on(robot, "#newButton");
        Stage editor = UiFlows.window("New Session");
        Clicks.on(robot, node(robot, editor, "#field-name")).write("db");
        Clicks.on(robot, node(robot, editor, "#field-host")).write("db.internal");
        Button save = in(robot, editor, "#save");
        assertFalse(save.isDisabled());

        TextField port = in(robot, editor, "#field-port");
        replaceText(robot, port, "70000");
        Label error = in(robot, editor, "#error-port");
        assertTrue(error.isVisible());
        assertEquals("Port must be between 1 and 65535", error.getText());
        assertTrue(save.isDisabled());
        assertEquals("To save, fix: Port", ((Label) in(robot, editor, "#editorStatus")).getText());

        Clicks.on(robot, "Terminal");
        Clicks.on(robot, "Session  \u26a0");
        assertEquals("70000", ((TextField) in(robot, editor, "#field-port")).getText(),
                "switching pages keeps the invalid text for the user to fix");

        replaceText(robot, port, "abc");
        assertEquals("Enter a whole number", error.getText());
        replaceText(robot, port, "2200");
        assertFalse(error.isVisible());
        assertFalse(save.isDisabled());

        replaceText(robot, in(robot, editor, "#field-host"), "bad host");
        assertEquals("Host must not contain spaces", ((Label) in(robot, editor, "#error-host")).getText());
        assertTrue(save.isDisabled());
        replaceText(robot, in(robot, editor, "#field-host"), "db.internal");

        Clicks.on(robot, "Connection");
        replaceText(robot, in(robot, editor, "#field-keepaliveCountMax"), "0");
        assertEquals("CountMax must be between 1 and 100",
                ((Label) in(robot, editor, "#error-keepaliveCountMax")).getText());
        assertTrue(((Label) in(robot, editor, "#deadAfter")).getText().startsWith("Enter a valid interval"));
        assertTrue(save.isDisabled());
        Clicks.on(robot, "#keepalive-off");
        assertFalse(save.isDisabled(), "CountMax does not matter with keepalive off");
        replaceText(robot, in(robot, editor, "#field-keepaliveCountMax"), "3");

        // Interval 0 and the mode must agree: 0 is refused while probes are chosen, fine with Off
        Clicks.on(robot, "#keepalive-probe");
        replaceText(robot, in(robot, editor, "#field-keepaliveIntervalSeconds"), "0");
        assertEquals("0 s would send nothing: enter 1 s or more, or choose Off to turn keepalive off",
                ((Label) in(robot, editor, "#error-keepaliveIntervalSeconds")).getText());
        assertTrue(save.isDisabled());
        Clicks.on(robot, "#keepalive-off");
        assertEquals("", ((Label) in(robot, editor, "#error-keepaliveIntervalSeconds")).getText(),
                "the rule follows the mode");
        assertFalse(save.isDisabled());
        assertEquals("", ((Label) in(robot, editor, "#keepaliveCost")).getText(), "nothing sent, nothing to say");

        // Cancel with changes asks first; Keep editing (the default, Enter) keeps everything typed
        Clicks.on(robot, node(robot, editor, "#cancel"));
        Stage ask = UiFlows.window("Discard changes");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(ask.isShowing());
        assertTrue(editor.isShowing(), "Keep editing");
        assertEquals("0", ((TextField) in(robot, editor, "#field-keepaliveIntervalSeconds")).getText());
        // Esc is Cancel: asked again; Discard closes and saves nothing
        robot.type(KeyCode.ESCAPE);
        Stage again = UiFlows.window("Discard changes");
        Clicks.on(robot, node(robot, again, "#discardButton"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.isShowing());
        assertTrue(services.library().catalog().sessions().isEmpty(), "cancel saves nothing");
    }

    @Test
    void anEditorWithNothingChangedClosesOnEscWithoutAsking(FxRobot robot) throws Exception {
        SessionProfile plain = SessionProfile.create("plain").withOverrides(
                dev.holdfast.session.SettingValues.empty().with(Settings.HOST, "plain.example"));
        WaitForAsyncUtils.asyncFx(() -> {
            services.library().put(plain);
            dev.holdfast.ui.editor.SettingsEditor.open(dev.holdfast.ui.editor.EditorModel.forSession(services.library(),
                    plain), stage, () -> { });
        }).get(5, TimeUnit.SECONDS);
        Stage editor = UiFlows.window("Edit Session: plain");
        try {
            replaceText(robot, in(robot, editor, "#field-host"), "other.example");
            replaceText(robot, in(robot, editor, "#field-host"), "plain.example"); // typed, then put back: no change
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(UiFlows.isShowing("Discard changes"));
            assertFalse(editor.isShowing(), "nothing to lose: closed at once");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> services.library().delete(plain.id())).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeyFileThatIsNotThereIsAWarningAndIsSaved(FxRobot robot) throws Exception {
        Path missing = configDir.resolve("usb-stick").resolve("id_ed25519");
        Clicks.on(robot, "#newButton");
        Stage editor = UiFlows.window("New Session");
        Clicks.on(robot, node(robot, editor, "#field-name")).write("on the stick");
        Clicks.on(robot, node(robot, editor, "#field-host")).write("web.example.com");
        ComboBox<AuthMethod> auth = in(robot, editor, "#field-auth");
        robot.interact(() -> auth.setValue(AuthMethod.PUBLIC_KEY));
        replaceText(robot, in(robot, editor, "#field-keyFile"), missing.toString());

        Label message = in(robot, editor, "#error-keyFile");
        assertTrue(message.isVisible());
        assertTrue(message.getText().startsWith("File not found"), message.getText());
        assertTrue(message.getStyleClass().contains("field-warning"), message.getStyleClass().toString());
        assertFalse(message.getStyleClass().contains("field-error"));
        Button save = in(robot, editor, "#save");
        assertFalse(save.isDisabled(), "a missing key file does not block saving");

        replaceText(robot, in(robot, editor, "#field-port"), "0");
        assertTrue(save.isDisabled(), "an error elsewhere still blocks saving");
        replaceText(robot, in(robot, editor, "#field-port"), "22");
        assertFalse(save.isDisabled());

        Clicks.on(robot, save);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.isShowing());
        services.library().flush(Duration.ofSeconds(5));
        SessionProfile saved = services.store().peek().orElseThrow().byName("on the stick").orElseThrow();
        assertEquals(java.util.Optional.of(missing.toString()), saved.overrides().get(Settings.KEY_FILE));
    }
}
