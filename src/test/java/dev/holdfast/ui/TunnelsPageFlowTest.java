package dev.holdfast.ui;

import static dev.holdfast.ui.UiFlows.in;
import static dev.holdfast.ui.UiFlows.node;
import static dev.holdfast.ui.UiFlows.replaceText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.AgentUse;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Settings;
import dev.holdfast.testing.Clicks;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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

/**
 * The editor's Tunnels page (jump hosts, port forwards) and the Session page's agent and certificate fields:
 * a bad value is named next to its field and keeps Save off, nothing typed is lost, and a good one is saved.
 */
@ExtendWith(ApplicationExtension.class)
class TunnelsPageFlowTest {
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
    void jumpHostsForwardsAndTheAgentAreCheckedAndSaved(FxRobot robot) throws Exception {
        Clicks.on(robot, "#newButton");
        Stage editor = UiFlows.window("New Session");
        Clicks.on(robot, node(robot, editor, "#field-name")).write("tunnelled");
        Clicks.on(robot, node(robot, editor, "#field-host")).write("db.internal");
        ComboBox<AuthMethod> auth = in(robot, editor, "#field-auth");
        ComboBox<AgentUse> agent = in(robot, editor, "#field-agent");
        assertTrue(agent.isDisabled(), "the agent applies to public-key authentication only");
        robot.interact(() -> auth.setValue(AuthMethod.PUBLIC_KEY));
        assertFalse(agent.isDisabled());
        assertEquals(AgentUse.FIRST, agent.getValue(), "the agent's keys first, as ssh");
        robot.interact(() -> agent.setValue(AgentUse.ONLY));
        Clicks.on(robot, node(robot, editor, "#field-forwardAgent"));
        assertTrue(((Label) in(robot, editor, "#forwardAgentRisk")).getText().contains("root on the server"));

        Clicks.on(robot, "Tunnels");
        Button save = in(robot, editor, "#save");
        TextField jumps = in(robot, editor, "#field-proxyJump");
        replaceText(robot, jumps, "ops@bastion.example.com:99999");
        Label jumpError = in(robot, editor, "#error-proxyJump");
        assertTrue(jumpError.isVisible());
        assertEquals("Not a port number in a jump host: '99999' (1 to 65535)", jumpError.getText());
        assertTrue(save.isDisabled());
        replaceText(robot, jumps, "ops@bastion.example.com:2222,[2001:db8::5]");
        assertFalse(jumpError.isVisible());

        TextArea forwards = in(robot, editor, "#field-forwards");
        Clicks.on(robot, forwards).write("L 8080:db.internal:5432\nQ 1");
        Label forwardError = in(robot, editor, "#error-forwards");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(forwardError.isVisible());
        assertEquals("Line 2: Start with L (local), R (remote) or D (SOCKS): 'Q 1'", forwardError.getText());
        assertTrue(save.isDisabled());
        assertEquals("L 8080:db.internal:5432\nQ 1", forwards.getText(), "nothing typed is lost");
        robot.interact(() -> forwards.setText("L 8080:db.internal:5432\nD 1080"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(forwardError.isVisible());
        assertFalse(save.isDisabled());
        Clicks.on(robot, save);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.isShowing());

        services.library().flush(Duration.ofSeconds(5));
        SessionProfile saved = services.store().peek().orElseThrow().byName("tunnelled").orElseThrow();
        EffectiveSettings effective = services.library().catalog().effective(saved);
        assertEquals("ops@bastion.example.com:2222,[2001:db8::5]", effective.get(Settings.PROXY_JUMP));
        assertEquals("L 8080:db.internal:5432\nD 1080", effective.get(Settings.FORWARDS));
        assertEquals(AgentUse.ONLY, effective.get(Settings.AGENT));
        assertTrue(effective.get(Settings.FORWARD_AGENT));
    }
}
