package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.TestSshServer;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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
 * A tab whose connection dies: through a NAT-like proxy that blackholes it, and with the server gone.
 * The health strip counts, the prompt names the cause, Reconnect brings the same tab back with its
 * scrollback.
 */
@ExtendWith(ApplicationExtension.class)
class KeepaliveFlowIT {
    @TempDir
    Path configDir;

    private TestSshServer server;
    private NatProxy nat;
    private Services services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = new TestSshServer();
        nat = new NatProxy(server.port());
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(
                SessionProfile.create("lab").withOverrides(SettingValues.empty()
                        .with(Settings.HOST, "127.0.0.1").with(Settings.PORT, nat.port())
                        .with(Settings.USER, TestSshServer.USER).with(Settings.AUTH, AuthMethod.PASSWORD)
                        .with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                        .with(Settings.KEEPALIVE_INTERVAL, 1).with(Settings.KEEPALIVE_COUNT_MAX, 3)),
                SessionProfile.create("auto").withOverrides(SettingValues.empty()
                        .with(Settings.HOST, "127.0.0.1").with(Settings.PORT, nat.port())
                        .with(Settings.USER, TestSshServer.USER).with(Settings.AUTH, AuthMethod.PASSWORD)
                        .with(Settings.CONNECT_TIMEOUT, 2)
                        .with(Settings.KEEPALIVE_INTERVAL, 1).with(Settings.KEEPALIVE_COUNT_MAX, 3)
                        .with(Settings.RECONNECT_AUTO, true).with(Settings.RECONNECT_DELAY, 1)
                        .with(Settings.RECONNECT_ATTEMPTS, 3)))));
        services = UiFlows.services(configDir);
        services.connections().connector().knownHosts().accept("127.0.0.1", nat.port(),
                new HostKey(server.hostKeyType(), server.hostKeyBlob()));
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
        nat.close();
        server.close();
    }

    @Test
    void dBlackholedTheStripCountsThePromptNamesTheCauseAndReconnectKeepsTheScrollback(FxRobot robot)
            throws Exception {
        TerminalTab terminal = open(robot);
        robot.write("echo before-the-drop");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(l -> l.strip().equals("before-the-drop")), "output");
        waitFor(() -> terminal.health().orElseThrow().repliesReceived() >= 2, "probes answered");
        // the strip samples when its text can change (a reply shows within 250 ms), not at the reply itself
        String answered = "probes \\d+ · replies \\d+ · unanswered 0/3 · rtt [\\d.]+ ms · server silent \\d+ s";
        Label stripLabel = in(robot, stage, "#healthStrip");
        waitFor(() -> stripLabel.getText().matches(answered), "the strip shows them: " + stripLabel.getText());
        assertTrue(dot(robot).getStyleClass().contains("dot-healthy"));

        nat.setBlackhole(true);
        waitFor(() -> dot(robot).getStyleClass().contains("dot-suspect"), "amber while probes go unanswered");
        waitFor(() -> terminal.state() == TerminalTab.State.LOST, "declared dead");
        waitFor(() -> dot(robot).getStyleClass().contains("dot-dead"), "red");
        String cause = ((Label) in(robot, stage, "#lostCause")).getText();
        assertTrue(cause.startsWith("No reply to 3 keepalive probes; the server has been silent for 4 s"), cause);
        HealthSnapshot dead = terminal.health().orElseThrow();
        assertEquals(3, dead.unanswered());
        long probesBefore = dead.probesSent();

        nat.setBlackhole(false);
        robot.type(KeyCode.R);
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, false);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the same tab reconnects");
        assertEquals(1, window.tabArea().tabPane().getTabs().size());
        waitFor(() -> terminal.allText().contains("-- reconnected "), "a marker line: " + terminal.allText());
        assertTrue(terminal.allText().contains("before-the-drop"), "output from before the drop is kept");
        robot.write("echo after-the-drop");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(l -> l.strip().equals("after-the-drop")), "new shell");
        HealthSnapshot after = terminal.health().orElseThrow();
        assertEquals(0, after.unanswered(), "streak reset");
        assertTrue(after.probesSent() >= probesBefore, "history kept");
        List<String> lines = terminal.eventLines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("Declared dead: No reply to 3 keepalive probes")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("Reconnecting to")), lines.toString());
        Clicks.on(robot, "#healthStrip");
        Stage details = UiFlows.window("Connection health \u2013 lab");
        String log = ((javafx.scene.control.TextArea) in(robot, details, "#eventLog")).getText();
        assertTrue(log.contains("Declared dead") && log.contains("Connected and authenticated"), log);
        assertTrue(((Label) in(robot, details, "#health-2")).getText().matches("\\d+ / \\d+"));
        WaitForAsyncUtils.asyncFx(details::close).get(5, TimeUnit.SECONDS);
        Path file = configDir.resolve("logs").resolve("lab.log");
        waitFor(() -> Files.exists(file), "the event log file");
        String written = Files.readString(file);
        assertTrue(written.contains("Declared dead") && !written.contains("before-the-drop")
                && !written.contains(TestSshServer.PASSWORD), written);
    }

    @Test
    void eTheServerGoneShowsAClosedCause(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot);
        server.close();
        waitFor(() -> terminal.state() == TerminalTab.State.LOST, "the drop is noticed");
        String cause = ((Label) in(robot, stage, "#lostCause")).getText();
        assertTrue(cause.contains("closed the connection") || cause.contains("reset"), cause);
    }

    @Test
    void fAutomaticReconnectCountsDownBacksOffAndStopsAtTheLimit(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "auto", true);
        nat.setBlackhole(true);
        waitFor(() -> terminal.state() == TerminalTab.State.LOST, "declared dead");
        waitFor(() -> robot.lookup("#reconnectCountdown").tryQuery().isPresent(), "a countdown");
        String countdown = ((Label) robot.lookup("#reconnectCountdown").query()).getText();
        assertTrue(countdown.matches("Reconnecting in \\d s \\(attempt 1 of 3\\)"), countdown);
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> terminal.eventLines().stream()
                .anyMatch(l -> l.contains("gave up after 3 attempts")));
        List<Double> waits = terminal.eventLines().stream()
                .filter(l -> l.contains("Automatic reconnect ") && l.contains(" in "))
                .map(l -> Double.parseDouble(l.replaceAll(".* in ([\\d.]+) s$", "$1"))).toList();
        assertEquals(3, waits.size(), terminal.eventLines().toString());
        assertTrue(waits.get(1) > waits.get(0) && waits.get(2) > waits.get(1), "backoff grows: " + waits);
        assertEquals(3, terminal.eventLines().stream().filter(l -> l.contains("(automatic attempt")).count());
        waitFor(() -> robot.lookup("#reconnectCountdown").tryQuery()
                .map(n -> ((Label) n).getText().startsWith("Gave up after 3")).orElse(false), "gave up, said so");
        assertEquals(TerminalTab.State.FAILED, terminal.state());
    }

    @Test
    void fNoAutomaticRetryAfterAWrongPassword(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "auto", false);
        nat.setBlackhole(true);
        waitFor(() -> terminal.state() == TerminalTab.State.LOST, "declared dead");
        nat.setBlackhole(false);
        for (int i = 0; i < 3; i++) {
            Stage dialog = UiFlows.window("Password");
            Clicks.on(robot, (Node) in(robot, dialog, "#secretField")).write("wrong-" + i);
            robot.type(KeyCode.ENTER);
            waitFor(() -> !dialog.isShowing(), "the password dialog closes");
        }
        waitFor(() -> terminal.state() == TerminalTab.State.FAILED, "authentication fails");
        waitFor(() -> robot.lookup("#reconnectCountdown").tryQuery().isPresent(), "a note");
        assertTrue(((Label) robot.lookup("#reconnectCountdown").query()).getText()
                .startsWith("Not reconnecting by itself"));
        // Silence is what is under test: 3 s in which nothing retries by itself.
        Thread.sleep(3000);
        assertEquals(TerminalTab.State.FAILED, terminal.state(), "no retry by itself");
        assertTrue(!UiFlows.isShowing("Password"));
    }

    @Test
    void gHiddenTabsKeepTheirDotLiveAndCatchUpTheirStripWhenShown(FxRobot robot) throws Exception {
        TerminalTab first = open(robot, "lab", true);
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        waitFor(() -> window.tabArea().tabPane().getTabs().size() == 2, "a second tab");
        TerminalTab second = (TerminalTab) window.tabArea().tabPane().getTabs().get(1).getUserData();
        waitFor(() -> second.state() == TerminalTab.State.LIVE && second.tab().isSelected(), "the second tab in view");
        Label hiddenStrip = (Label) first.tab().getContent().lookup("#healthStrip");
        String shown = hiddenStrip.getText();
        long probes = first.health().orElseThrow().probesSent();
        waitFor(() -> first.health().orElseThrow().probesSent() >= probes + 2, "the hidden tab's probes go on");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(shown, hiddenStrip.getText(), "a hidden tab's strip is not redrawn 4 times a second");

        WaitForAsyncUtils.asyncFx(() -> window.tabArea().tabPane().getSelectionModel().select(first.tab()))
                .get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        long now = first.health().orElseThrow().probesSent();
        String caughtUp = hiddenStrip.getText();
        assertTrue(caughtUp.startsWith("probes " + now + " ") || caughtUp.startsWith("probes " + (now - 1) + " "),
                "shown again, the strip is current at once: " + caughtUp + " (probes sent " + now + ")");

        nat.setBlackhole(true);
        Node hiddenDot = second.tab().getGraphic();
        waitFor(() -> hiddenDot.getStyleClass().contains("dot-dead"), "the hidden tab's dot turns red too");
    }

    private TerminalTab open(FxRobot robot) throws Exception {
        return open(robot, "lab", false);
    }

    private TerminalTab open(FxRobot robot, String name, boolean remember) throws Exception {
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, name));
        TerminalTab terminal = (TerminalTab) window.tabArea().tabPane().getTabs().get(0).getUserData();
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, remember);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("test$"), "the prompt appears");
        return terminal;
    }

    private Node dot(FxRobot robot) {
        return robot.lookup("#healthDot").query();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException("timed out waiting until " + what);
        }
    }
}
