package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static dev.holdfast.ui.UiFlows.node;
import static dev.holdfast.ui.UiFlows.replaceText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class DefaultSettingsFlowTest {
    @TempDir
    static Path configDir;

    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        SessionProfile inheriting = SessionProfile.create("inheriting").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "a.example.com"));
        SessionProfile overriding = SessionProfile.create("overriding").withOverrides(SettingValues.empty()
                .with(Settings.HOST, "b.example.com").with(Settings.KEEPALIVE_INTERVAL, 7));
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(inheriting, overriding)));
        services = UiFlows.services(configDir);
        new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void aChangedDefaultReachesInheritingSessionsWhileOverridingOnesKeepTheirOwn(FxRobot robot) throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "inheriting"));
        assertEquals("SSH probes every 15 s  (default)", ((Label) in(robot, stage, "#detail-keepalive")).getText());

        UiFlows.menu(robot, stage, "Edit", "Default Settings\u2026");
        Stage defaults = UiFlows.window("Default Settings");
        Clicks.on(robot, "Connection");
        Label badge = in(robot, defaults, "#badge-keepaliveIntervalSeconds");
        assertEquals("used by 1 session", badge.getText());
        assertEquals("used by 2 sessions", ((Label) in(robot, defaults, "#badge-keepaliveCountMax")).getText());
        replaceText(robot, in(robot, defaults, "#field-keepaliveIntervalSeconds"), "45");
        assertEquals("changes 1 session", badge.getText());
        assertTrue(((Label) in(robot, defaults, "#deadAfter")).getText().startsWith("Declared dead about 180 s"));
        Clicks.on(robot, node(robot, defaults, "#save"));
        assertFalse(defaults.isShowing());

        assertEquals("SSH probes every 45 s  (default)", ((Label) in(robot, stage, "#detail-keepalive")).getText());
        assertTrue(((Label) in(robot, stage, "#detail-deadAfter")).getText().startsWith("Declared dead about 180 s"));
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "overriding"));
        assertEquals("SSH probes every 7 s", ((Label) in(robot, stage, "#detail-keepalive")).getText());

        Catalog catalog = services.library().catalog();
        assertEquals(45, catalog.effective(catalog.byName("inheriting").orElseThrow()).get(Settings.KEEPALIVE_INTERVAL));
        assertEquals(7, catalog.effective(catalog.byName("overriding").orElseThrow()).get(Settings.KEEPALIVE_INTERVAL));
    }

    @Test
    void theEditorShowsInheritedValuesAndResetBringsAnOverrideBackToTheDefault(FxRobot robot) throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "overriding"));
        Clicks.on(robot, "#editButton");
        Stage editor = UiFlows.window("Edit Session: overriding");
        Clicks.on(robot, "Connection");
        TextField interval = in(robot, editor, "#field-keepaliveIntervalSeconds");
        Label badge = in(robot, editor, "#badge-keepaliveIntervalSeconds");
        assertEquals("7", interval.getText());
        assertEquals("overridden", badge.getText());
        assertTrue(node(robot, editor, "#reset-keepaliveIntervalSeconds").isVisible());

        Clicks.on(robot, node(robot, editor, "#reset-keepaliveIntervalSeconds"));
        assertEquals("15", interval.getText(), "reset shows the Default Settings value");
        assertEquals("inherited", badge.getText());
        assertFalse(node(robot, editor, "#reset-keepaliveIntervalSeconds").isVisible());
        assertEquals("inherited", ((Label) in(robot, editor, "#badge-keepaliveCountMax")).getText());
        Clicks.on(robot, node(robot, editor, "#save"));

        SessionProfile saved = services.library().catalog().byName("overriding").orElseThrow();
        assertFalse(saved.overrides().contains(Settings.KEEPALIVE_INTERVAL));
        assertTrue(saved.overrides().contains(Settings.HOST), "other overrides are untouched");
        assertEquals("SSH probes every 15 s  (default)", ((Label) in(robot, stage, "#detail-keepalive")).getText());
    }
}
