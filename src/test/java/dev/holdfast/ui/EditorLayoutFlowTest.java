package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdfast.app.Services;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.editor.EditorModel;
import dev.holdfast.ui.editor.SettingsEditor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The editor's columns line up across its groups: fields, units and "inherited" labels at one x. */
@ExtendWith(ApplicationExtension.class)
class EditorLayoutFlowTest {
    @TempDir
    Path configDir;
    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;

    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void theConnectionPagesFieldsAndBadgesLineUpInsideAndOutsideTheSections(FxRobot robot) throws Exception {
        services = UiFlows.services(configDir);
        UiFlows.openMainWindow(stage, services); // the editor's owner, whose style sheets it takes
        SessionProfile web = SessionProfile.create("web").withOverrides(SettingValues.empty().with(Settings.HOST, "web.example"));
        WaitForAsyncUtils.asyncFx(() -> {
            services.library().put(web);
            SettingsEditor.open(EditorModel.forSession(services.library(), web), stage, () -> { });
        }).get(5, TimeUnit.SECONDS);
        Stage editor = UiFlows.window("Edit Session: web");
        Clicks.on(robot, "Connection");
        WaitForAsyncUtils.waitForFxEvents();
        // outside any section, in the SSH keepalive, TCP keepalive, reconnect and sleep sections
        List<String> keys = List.of("connectTimeoutSeconds", "keepaliveIntervalSeconds", "tcpKeepIdleSeconds",
                "reconnectDelaySeconds", "wakeCheckSeconds");
        double field = left(robot, editor, "#field-" + keys.get(0));
        double badge = left(robot, editor, "#badge-" + keys.get(0));
        for (String key : keys) {
            assertEquals(field, left(robot, editor, "#field-" + key), 1.0, "the field of " + key);
            assertEquals(badge, left(robot, editor, "#badge-" + key), 1.0, "the inherited label of " + key);
        }
    }

    private static double left(FxRobot robot, Stage window, String query) {
        Node node = UiFlows.node(robot, window, query);
        return Clicks.onFx(() -> node.localToScene(node.getBoundsInLocal()).getMinX());
    }
}
