package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.testing.Multiplexers;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.ui.sessions.OpenTabs;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.TableView;
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
 * Tabs whose shell runs in tmux, in the real window against Debian's sshd and tmux: closing a tab asks, Leave It
 * Running keeps the shell on the server and opening the session again resumes it (same PID, same variables, the
 * tab says "Resumed"); the server's list shows it; End It ends it; with Restore tabs on, a new start brings the
 * tabs back, the shown one resumes at once and the other when first shown.
 */
@ExtendWith(ApplicationExtension.class)
class ResumeFlowIT {
    private static final Pattern PID = Pattern.compile("pid=(\\d+) mark=(\\w+)");

    @TempDir
    Path dir;
    private OpenSshServer server;
    private Multiplexers multiplexers;
    private Services services;
    private MainWindow window;
    private Stage stage;
    private Path configDir;
    private boolean servicesClosed;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Requires.multiplexers();
        multiplexers = Multiplexers.in(dir);
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO", List.of("SetEnv " + multiplexers.environment()));
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        configDir = dir.resolve("config");
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(SessionProfile.create("web1")
                .withOverrides(SettingValues.empty()
                        .with(Settings.HOST, server.host()).with(Settings.PORT, server.port())
                        .with(Settings.USER, server.user()).with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                        .with(Settings.KEY_FILE, key.toString())
                        .with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                        .with(Settings.REMOTE_SESSION, RemoteSession.TMUX)))));
        services = UiFlows.services(configDir);
        services.connections().connector().knownHosts().accept(server.host(), server.port(), server.hostKey("ed25519"));
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        if (!servicesClosed) {
            services.close();
        }
        multiplexers.stopAll();
        server.close();
    }

    @Test
    void closingLeavesTheShellRunningAndOpeningAgainResumesItUntilEndItEndsIt(FxRobot robot) throws Exception {
        TerminalTab first = open(robot);
        assertEquals("", first.noticeText(), "a new session is no news");
        robot.write("MARK=one; echo pid=$$ mark=$MARK");
        robot.type(KeyCode.ENTER);
        String pid = await(first, PID).group(1);

        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.W);
        waitFor(() -> robot.lookup("#closeRemoteSession").tryQuery().isPresent(), "the question on closing");
        Clicks.on(robot, "#closeLeaveRunning");
        waitFor(() -> window.tabArea().terminals().isEmpty(), "the tab closes");
        assertTrue(tmuxSessions().contains("holdfast-web1-1"), "left running: " + tmuxSessions());

        TerminalTab again = open(robot);
        waitFor(() -> again.noticeText().startsWith("Resumed at "), "the tab says it resumed");
        waitFor(() -> again.screenText().contains("pid=" + pid), "tmux shows the screen as it was");
        assertTrue(again.shellStart().orElseThrow().resumed());
        robot.write("echo again=$$ mark=$MARK");
        robot.type(KeyCode.ENTER);
        Matcher after = await(again, Pattern.compile("again=(\\d+) mark=(\\w+)"));
        assertEquals(pid, after.group(1), "the same shell");
        assertEquals("one", after.group(2), "with its variables");

        javafx.scene.control.MenuItem inTabMenu = again.tab().getContextMenu().getItems().stream()
                .filter(i -> "menuRemoteSessions".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Sessions on This Server\u2026", inTabMenu.getText(), "the tab's own menu has it too");
        UiFlows.menu(robot, stage, "File", "Sessions on This Server\u2026");
        waitFor(() -> robot.lookup("#remoteSessionTable").tryQuery().isPresent()
                && !robot.lookup("#remoteSessionTable").queryAs(TableView.class).getItems().isEmpty(), "the list");
        TableView<?> table = robot.lookup("#remoteSessionTable").queryAs(TableView.class);
        assertEquals(1, table.getItems().size(), String.valueOf(table.getItems()));
        assertTrue(table.getItems().get(0).toString().contains("holdfast-web1-1"), String.valueOf(table.getItems()));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> robot.lookup("#remoteSessionTable").tryQuery().isEmpty(), "the list closes");

        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeSelected()).get(5, TimeUnit.SECONDS);
        waitFor(() -> robot.lookup("#closeRemoteSession").tryQuery().isPresent(), "the question again");
        Clicks.on(robot, "#closeEnd");
        waitFor(() -> window.tabArea().terminals().isEmpty(), "the tab closes");
        waitFor(() -> !tmuxSessions().contains("holdfast-web1-1"), "End It ends the tmux session");
    }

    @Test
    void aNewStartRestoresTheTabsAndEachResumesWhenFirstShown(FxRobot robot) throws Exception {
        services.library().setPreference(OpenTabs.RESTORE_PREFERENCE, "true");
        TerminalTab one = open(robot);
        robot.write("echo pid=$$ mark=first");
        robot.type(KeyCode.ENTER);
        String firstPid = await(one, PID).group(1);
        TerminalTab two = open(robot);
        assertEquals(2, two.slot());
        assertEquals("holdfast-web1-2", two.remoteName(), "the second tab's own session");
        robot.write("echo pid=$$ mark=second");
        robot.type(KeyCode.ENTER);
        String secondPid = await(two, Pattern.compile("pid=(\\d+) mark=second")).group(1);
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().tabPane().getSelectionModel().select(0))
                .get(5, TimeUnit.SECONDS);
        waitFor(() -> OpenTabs.parse(services.library().catalog().preferences().get(OpenTabs.PREFERENCE))
                .selected() == 0, () -> "the open tabs are kept as they change: "
                + services.library().catalog().preferences().get(OpenTabs.PREFERENCE) + " / "
                + window.tabArea().openTabs().text());

        // as if Holdfast were killed: no quit, the connections just go, the settings file stays as it is
        services.close();
        servicesClosed = true;
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);
        Services restarted = UiFlows.services(configDir);
        try {
            restarted.connections().connector().knownHosts().accept(server.host(), server.port(),
                    server.hostKey("ed25519"));
            MainWindow second = WaitForAsyncUtils.asyncFx(() -> {
                Stage stage2 = new Stage();
                MainWindow made = new MainWindow(stage2, restarted.library(), restarted.store().file(), false,
                        restarted.connections());
                stage2.show();
                made.restoreTabs();
                return made;
            }).get(10, TimeUnit.SECONDS);
            List<TerminalTab> tabs = second.tabArea().terminals();
            assertEquals(2, tabs.size());
            TerminalTab shown = tabs.get(0);
            TerminalTab hidden = tabs.get(1);
            waitFor(() -> shown.state() == TerminalTab.State.LIVE, "the shown tab connects");
            waitFor(() -> shown.noticeText().startsWith("Resumed"), "and resumes");
            assertTrue(hidden.isDeferred(), "the other waits to be shown");
            assertFalse(hidden.isBusy());
            type(shown, "echo again=$$\r");
            assertEquals(firstPid, await(shown, Pattern.compile("again=(\\d+)")).group(1));
            WaitForAsyncUtils.asyncFx(() -> second.tabArea().tabPane().getSelectionModel().select(1))
                    .get(5, TimeUnit.SECONDS);
            waitFor(() -> hidden.state() == TerminalTab.State.LIVE && hidden.shellStart().isPresent(),
                    "shown, it connects");
            assertTrue(hidden.shellStart().orElseThrow().resumed());
            type(hidden, "echo again=$$\r");
            assertEquals(secondPid, await(hidden, Pattern.compile("again=(\\d+)")).group(1));
            WaitForAsyncUtils.asyncFx(() -> second.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        } finally {
            restarted.close();
        }
    }

    private static void type(TerminalTab tab, String text) throws Exception {
        var connection = tab.lifecycle().status().link().orElseThrow().connection();
        connection.input().write(text.getBytes(StandardCharsets.UTF_8));
        connection.input().flush();
    }

    private TerminalTab open(FxRobot robot) throws Exception {
        int before = window.tabArea().terminals().size();
        if (before == 0) {
            Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "web1"));
        } else { // a second tab of the same session: as File > Open Session does
            SessionProfile web1 = services.library().catalog().sessions().get(0);
            WaitForAsyncUtils.asyncFx(() -> window.open(web1)).get(5, TimeUnit.SECONDS);
        }
        waitFor(() -> window.tabArea().terminals().size() == before + 1, () -> "a tab opens; tabs: "
                + window.tabArea().tabPane().getTabs().size() + " terminals " + window.tabArea().terminals().size());
        TerminalTab terminal = window.tabArea().terminals().get(before);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("$ ") || terminal.screenText().contains("# "), "the prompt");
        return terminal;
    }

    private static Matcher await(TerminalTab tab, Pattern pattern) throws TimeoutException {
        Matcher[] found = new Matcher[1];
        waitFor(() -> {
            Matcher m = pattern.matcher(tab.screenText());
            if (m.find()) {
                found[0] = m;
                return true;
            }
            return false;
        }, () -> pattern + " on the screen, which shows:\n" + tab.screenText());
        return found[0];
    }

    private String tmuxSessions() {
        try {
            Process p = multiplexers.configure(new ProcessBuilder("tmux", "list-sessions", "-F", "#{session_name}"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws TimeoutException {
        waitFor(condition, () -> what);
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException("timed out waiting until " + what.get());
        }
    }
}
