package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.HostKey;
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
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
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
 * The terminal tab on the real main window against an in-process SSH server running a real shell on a
 * PTY: open a saved session, answer the host-key and password questions, type into the terminal and read
 * the screen back.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalFlowIT {
    @TempDir
    Path configDir;

    private TestSshServer server;
    private Services services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = new TestSshServer();
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(
                session("lab", AuthMethod.PASSWORD), logged())));
        services = UiFlows.services(configDir);
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    private SessionProfile session(String name, AuthMethod auth) {
        return SessionProfile.create(name).withOverrides(SettingValues.empty()
                .with(Settings.HOST, "127.0.0.1").with(Settings.PORT, server.port())
                .with(Settings.USER, TestSshServer.USER).with(Settings.AUTH, auth));
    }

    private SessionProfile logged() {
        SessionProfile lab = session("logged", AuthMethod.PASSWORD);
        return lab.withOverrides(lab.overrides().with(Settings.SESSION_LOG, true)
                .with(Settings.SESSION_LOG_FILE, configDir.resolve("logs").toString() + "/&H-&P.log"));
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
        server.close();
    }

    @Test
    void openTheSavedSessionSeeThePromptTypeEchoHelloAndSeeHello(FxRobot robot) throws Exception {
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        TerminalTab terminal = onlyTerminal();
        assertEquals("lab", terminal.tab().getText());

        Stage hostKey = UiFlows.window("Unknown host key");
        HostKey expected = new HostKey(server.hostKeyType(), server.hostKeyBlob());
        assertEquals(expected.sha256Fingerprint(), ((TextField) in(robot, hostKey, "#hostKeyFingerprint")).getText());
        Clicks.on(robot, (Node) in(robot, hostKey, "#acceptHostKey"));

        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, true);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("test$"), "the prompt appears");

        robot.write("echo hello");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(line -> line.strip().equals("hello")),
                "hello appears on a line of its own: " + terminal.screenText());
        robot.write("printf 'gr\\303\\274\\303\\237e \\342\\234\\223\\n'");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(line -> line.strip().equals("gr\u00fc\u00dfe \u2713")),
                "UTF-8 output decoded: " + terminal.screenText());
        assertTrue(Files.readString(configDir.resolve("known_hosts")).contains(expected.base64()),
                "Accept and save wrote the key to the app's known_hosts");
    }

    @Test
    void tabKeysSwitchTabsFromATerminalAndTheShellGetsNoneOfThem(FxRobot robot) throws Exception {
        trustServer();
        for (int i = 0; i < 3; i++) {
            Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
            UiFlows.answerPassword(robot, TestSshServer.PASSWORD, false);
            int opened = i + 1;
            waitFor(() -> window.tabArea().terminals().size() == opened
                    && window.tabArea().terminals().get(opened - 1).screenText().contains("test$"), "tab " + opened);
        }
        TabPane tabs = window.tabArea().tabPane();
        waitFor(() -> tabs.getTabs().size() == 3 && window.tabArea().terminals().stream()
                .allMatch(t -> t.screenText().contains("test$")), "three tabs at their prompt");
        TerminalTab third = window.tabArea().terminals().get(2);
        Clicks.on(robot, third.tab().getContent());
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 2, "the third tab is in front");

        robot.press(KeyCode.CONTROL, KeyCode.TAB).release(KeyCode.TAB, KeyCode.CONTROL);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 0, "Ctrl+Tab wraps round to the first");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB).release(KeyCode.TAB, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 2, "Ctrl+Shift+Tab goes back");
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_UP).release(KeyCode.PAGE_UP, KeyCode.CONTROL);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 1, "Ctrl+PgUp");
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN, KeyCode.CONTROL);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 2, "Ctrl+PgDn");
        robot.press(KeyCode.ALT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.ALT);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 0, "Alt+1");
        robot.press(KeyCode.ALT, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.ALT);
        waitFor(() -> tabs.getSelectionModel().getSelectedIndex() == 2, "Alt+9 is the last tab");

        robot.write("echo marker");
        robot.type(KeyCode.ENTER);
        waitFor(() -> third.screenText().lines().anyMatch(line -> line.strip().equals("marker")),
                "the focus stayed in the terminal: " + third.screenText());
        for (TerminalTab terminal : window.tabArea().terminals()) {
            assertTrue(terminal.screenText().lines().noneMatch(line -> line.matches(".*test\\$ *\\S+.*")
                    && !line.contains("echo marker")), "no key reached a shell: " + terminal.screenText());
        }

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.W).release(KeyCode.W, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(() -> tabs.getTabs().size() == 2, "Ctrl+Shift+W closes the tab");
    }

    @Test
    void resizingTheWindowSendsWindowChangeWithTheTerminalsSize(FxRobot robot) throws Exception {
        TerminalTab terminal = openTrusted(robot);
        int before = server.windowChanges().size();
        WaitForAsyncUtils.asyncFx(() -> stage.setWidth(stage.getWidth() - 240)).get(5, TimeUnit.SECONDS);
        waitFor(() -> server.windowChanges().size() > before && matches(terminal), "a window-change arrives");
        int[] last = server.windowChanges().get(server.windowChanges().size() - 1);
        int[] size = terminal.terminalSize().orElseThrow();
        assertEquals(size[0], last[0], "columns");
        assertEquals(size[1], last[1], "rows");
        assertTrue(size[0] > 20 && size[1] > 5, "a real size: " + size[0] + "x" + size[1]);
    }

    private boolean matches(TerminalTab terminal) {
        List<int[]> changes = server.windowChanges();
        int[] last = changes.get(changes.size() - 1);
        int[] size = terminal.terminalSize().orElse(new int[2]);
        return last[0] == size[0] && last[1] == size[1];
    }

    @Test
    void aWrongPasswordEndsInTheAuthenticationErrorWithRetry(FxRobot robot) throws Exception {
        trustServer();
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        TerminalTab terminal = onlyTerminal();
        for (int i = 0; i < 3; i++) {
            UiFlows.answerPassword(robot, "not-it-" + i, false);
        }
        waitFor(() -> terminal.state() == TerminalTab.State.FAILED, "the attempt fails");
        assertEquals("Authentication failed", ((Label) in(robot, stage, "#failureTitle")).getText());
        assertTrue(((Label) in(robot, stage, "#failureMessage")).getText().contains("refused the password"));
        Clicks.on(robot, (Node) in(robot, stage, "#editFailedSession"));
        Stage editor = UiFlows.window("Edit Session: lab");
        WaitForAsyncUtils.asyncFx(editor::close).get(5, TimeUnit.SECONDS);
        Clicks.on(robot, (Node) in(robot, stage, "#retryConnect"));
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, false);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "Retry connects");
    }

    @Test
    void aChangedHostKeyIsRefusedWithBothFingerprintsAndNoWayPast(FxRobot robot) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        byte[] oldBlob = new net.schmizz.sshj.common.Buffer.PlainBuffer()
                .putPublicKey(generator.generateKeyPair().getPublic()).getCompactData();
        HostKey old = new HostKey("ecdsa-sha2-nistp256", oldBlob);
        Path file = configDir.resolve("known_hosts");
        Files.writeString(file, "[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 " + old.base64() + "\n");

        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        TerminalTab terminal = onlyTerminal();
        waitFor(() -> terminal.state() == TerminalTab.State.FAILED, "the connection is refused");
        assertFalse(UiFlows.isShowing("Unknown host key"));
        assertFalse(UiFlows.isShowing("Password"), "nothing is sent to a host with a changed key");
        String facts = ((TextArea) in(robot, stage, "#hostKeyFacts")).getText();
        assertTrue(facts.contains(old.sha256Fingerprint()), facts);
        assertTrue(facts.contains(new HostKey(server.hostKeyType(), server.hostKeyBlob()).sha256Fingerprint()), facts);
        assertTrue(facts.contains(file + ", line 1"), facts);
        assertTrue(robot.lookup("#retryConnect").tryQuery().isEmpty(), "no Retry past a changed key");
        assertEquals(List.of(), server.passwordsTried());
    }

    @Test
    void aShellThatExitsSaysSoAndOpensAgainWithoutAskingWhenRemembered(FxRobot robot) throws Exception {
        TerminalTab terminal = openTrusted(robot);
        robot.write("exit 3");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.state() == TerminalTab.State.ENDED, "the tab sees the shell end");
        assertEquals("Session ended: the shell exited with status 3.",
                ((Label) in(robot, stage, "#endedMessage")).getText());
        waitFor(() -> server.activeSessions() == 0, "the connection is closed");
        Clicks.on(robot, (Node) in(robot, stage, "#openAgain"));
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "Open again reconnects, no questions");
        waitFor(() -> terminal.screenText().contains("test$"), "a fresh prompt");
    }

    @Test
    void pasteSendsTheClipboardAndCopyTakesTheSelection(FxRobot robot) throws Exception {
        TerminalTab terminal = openTrusted(robot);
        WaitForAsyncUtils.asyncFx(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString("echo pas''ted");
            Clipboard.getSystemClipboard().setContent(content);
        }).get(5, TimeUnit.SECONDS);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.V).release(KeyCode.V, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(l -> l.strip().equals("pasted")),
                "the pasted command ran: " + terminal.screenText());

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS);
        assertTrue(copied != null && copied.contains("echo pas''ted") && copied.contains("pasted"), copied);
    }

    @Test
    void closingATabDisconnectsIt(FxRobot robot) throws Exception {
        openTrusted(robot);
        waitFor(() -> server.activeSessions() == 1, "one connection");
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeSelected()).get(5, TimeUnit.SECONDS);
        assertTrue(window.tabArea().tabPane().getTabs().isEmpty());
        waitFor(() -> server.activeSessions() == 0, "the server sees the connection close");
    }

    @Test
    void theTerminalHasAContextMenuWithCopyAndPaste(FxRobot robot) throws Exception {
        TerminalTab terminal = openTrusted(robot);
        Clicks.right(robot, terminal.tab().getContent());
        waitFor(() -> robot.lookup(".context-menu .menu-item").queryAll().size() >= 2, "a context menu");
        List<String> items = robot.lookup(".context-menu .menu-item").queryAll().stream()
                .map(n -> ((javafx.scene.control.MenuItem) n.getProperties().get(javafx.scene.control.MenuItem.class))
                        .getText().replace("_", "")).toList();
        assertTrue(items.contains("Copy") && items.contains("Paste"), items.toString());
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void aFloodInOneTabLeavesTheOtherTabAndTheSessionListResponsive(FxRobot robot) throws Exception {
        TerminalTab flooding = openTrusted(robot);
        robot.write("i=0; while [ $i -lt 400000 ]; do echo \"line $i of a flood of output\"; i=$((i+1)); done; "
                + "echo flood-done");
        robot.type(KeyCode.ENTER);
        waitFor(() -> flooding.screenText().contains("of a flood"), "the flood reaches the screen");

        long[] worst = {0};
        javafx.animation.AnimationTimer probe = new javafx.animation.AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    worst[0] = Math.max(worst[0], now - last);
                }
                last = now;
            }
        };
        WaitForAsyncUtils.asyncFx(probe::start).get(5, TimeUnit.SECONDS);
        Clicks.on(robot, "#filter").write("lab");
        assertEquals(List.of("lab"), UiFlows.sessionNames(robot, stage));
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        TerminalTab second = (TerminalTab) window.tabArea().tabPane().getTabs().get(1).getUserData();
        waitFor(() -> second.state() == TerminalTab.State.LIVE, "a second tab connects during the flood");
        waitFor(() -> second.screenText().contains("test$"), "its prompt appears during the flood");
        robot.write("echo second-tab");
        robot.type(KeyCode.ENTER);
        waitFor(() -> second.screenText().lines().anyMatch(l -> l.strip().equals("second-tab")),
                "the second tab answers during the flood");
        WaitForAsyncUtils.asyncFx(probe::stop).get(5, TimeUnit.SECONDS);
        System.out.printf("flood: longest gap between FX frames %.0f ms%n", worst[0] / 1e6);
        assertTrue(worst[0] < TimeUnit.SECONDS.toNanos(2), "the FX thread stalled for " + worst[0] / 1e6 + " ms");
    }

    @Test
    void closingTheWindowWithALiveTabAsksFirstAndThenDisconnects(FxRobot robot) throws Exception {
        openTrusted(robot);
        waitFor(() -> server.activeSessions() == 1, "one connection");
        WaitForAsyncUtils.asyncFx(window::quit).get(5, TimeUnit.SECONDS);
        Stage ask = UiFlows.window("Close Holdfast");
        Clicks.on(robot, UiFlows.node(robot, ask, ".button-bar .button:cancel"));
        assertTrue(stage.isShowing(), "Cancel keeps the window");
        assertEquals(1, server.activeSessions());

        WaitForAsyncUtils.asyncFx(window::quit).get(5, TimeUnit.SECONDS);
        Clicks.on(robot, (Node) in(robot, UiFlows.window("Close Holdfast"), "#confirmQuitButton"));
        waitFor(() -> !stage.isShowing(), "the window closes");
        waitFor(() -> server.activeSessions() == 0, "the connection is closed");
    }

    private TerminalTab openTrusted(FxRobot robot) throws Exception {
        trustServer();
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "lab"));
        TerminalTab terminal = onlyTerminal();
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, true);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("test$"), "the prompt appears");
        return terminal;
    }

    private void trustServer() throws Exception {
        services.connections().connector().knownHosts().accept("127.0.0.1", server.port(),
                new HostKey(server.hostKeyType(), server.hostKeyBlob()));
    }

    private TerminalTab onlyTerminal() {
        TabPane tabs = window.tabArea().tabPane();
        assertEquals(1, tabs.getTabs().size());
        return (TerminalTab) tabs.getTabs().get(0).getUserData();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException("timed out waiting until " + what);
        }
    }

    @Test
    void aLoggedSessionSaysSoInTheTabAndWritesWhatTheShellPrinted(FxRobot robot) throws Exception {
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "logged"));
        TerminalTab terminal = onlyTerminal();
        Clicks.on(robot, (Node) in(robot, UiFlows.window("Unknown host key"), "#acceptHostKey"));
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, false);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("test$"), "the prompt appears");
        assertTrue(robot.lookup("#sessionLogMark").tryQuery().isPresent(), "the tab shows the log mark");
        robot.write("echo lo''gged-line");
        robot.type(KeyCode.ENTER);
        Path log = configDir.resolve("logs/127.0.0.1-" + server.port() + ".log");
        waitFor(() -> textOf(log).contains("logged-line"),
                "the log has the shell's output");
        assertTrue(Files.readString(log).contains("echo lo''gged-line"), "the echo of the command is output too");
        assertFalse(Files.readString(log).contains(TestSshServer.PASSWORD), "the password never reaches the log");
    }

    @Test
    void aSessionLogThatCannotBeWrittenSaysSoInTheTab(FxRobot robot) throws Exception {
        Files.writeString(configDir.resolve("not-a-folder"), "x");
        SessionProfile broken = logged();
        SessionProfile unwritable = broken.withName("unwritable").withOverrides(broken.overrides()
                .with(Settings.SESSION_LOG_FILE, configDir.resolve("not-a-folder").resolve("&H.log").toString()));
        WaitForAsyncUtils.asyncFx(() -> services.library().put(unwritable)).get(5, TimeUnit.SECONDS);
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "unwritable"));
        TerminalTab terminal = onlyTerminal();
        Clicks.on(robot, (Node) in(robot, UiFlows.window("Unknown host key"), "#acceptHostKey"));
        UiFlows.answerPassword(robot, TestSshServer.PASSWORD, false);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> robot.lookup("#sessionLogMark").tryQuery()
                .map(n -> ((javafx.scene.control.Label) n).getText().equals("log \u26a0")).orElse(false),
                "the tab's mark says the log is not written");
        javafx.scene.control.Label mark = robot.lookup("#sessionLogMark").queryAs(javafx.scene.control.Label.class);
        assertTrue(mark.getTooltip().getText().contains("stopped"), mark.getTooltip().getText());
    }

    private static String textOf(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
