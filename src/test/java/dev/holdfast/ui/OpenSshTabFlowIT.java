package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.lifecycle.SshLink;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.ui.terminal.TerminalTab;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * A tab in the real window against Debian's sshd. The silence after a reconnect (probes every 5 s,
 * CountMax 3): the session's sshd is killed from the server side, the tab reconnects (by R, or by
 * itself), then the server goes silent ({@code kill -STOP}): the prompt (or the countdown) must appear
 * 20 s after the server's last byte; before the lifecycle it never did after a reconnect. And what keys
 * send: nothing for a modifier alone, a line typed at once arrives, nothing goes to a tab not connected.
 */
@ExtendWith(ApplicationExtension.class)
class OpenSshTabFlowIT {
    private static final long RULE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    @TempDir
    Path dir;
    private OpenSshServer server;
    private Services services;
    private MainWindow window;
    private Stage stage;

    private int localPort;
    private java.net.ServerSocket takenPort;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        takenPort = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            localPort = free.getLocalPort();
        }
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        Path configDir = dir.resolve("config");
        new SessionStore(configDir).save(Catalog.empty().withSessions(List.of(
                session("manual", key, false), session("auto", key, true),
                session("tunnels", key, false).withOverrides(session("tunnels", key, false).overrides()
                        .with(Settings.FORWARDS, "L " + localPort + ":" + server.host() + ":" + server.port()
                                + "\nR 0\nL " + takenPort.getLocalPort() + ":127.0.0.1:22")),
                session("jumped", key, false).withOverrides(session("jumped", key, false).overrides()
                        .with(Settings.KEEPALIVE_INTERVAL, 1)
                        .with(Settings.PROXY_JUMP, server.user() + "@" + server.host() + ":" + server.port())))));
        services = UiFlows.services(configDir);
        services.connections().connector().knownHosts().accept(server.host(), server.port(),
                server.hostKey("ed25519"));
        window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    private SessionProfile session(String name, Path key, boolean automatic) {
        return SessionProfile.create(name).withOverrides(SettingValues.empty()
                .with(Settings.HOST, server.host()).with(Settings.PORT, server.port())
                .with(Settings.USER, server.user()).with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                .with(Settings.KEY_FILE, key.toString())
                .with(Settings.KEEPALIVE_MODE, KeepaliveMode.PROBE)
                .with(Settings.KEEPALIVE_INTERVAL, 5).with(Settings.KEEPALIVE_COUNT_MAX, 3)
                .with(Settings.RECONNECT_AUTO, automatic).with(Settings.RECONNECT_DELAY, 1)
                .with(Settings.RECONNECT_ATTEMPTS, 3));
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.tabArea().closeAll()).get(5, TimeUnit.SECONDS);
        services.close();
        server.close();
        takenPort.close();
    }

    @Test
    void afterAManualReconnectASilentServerGetsThePromptAt20s(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        server.signalSessions("TERM");
        waitFor(() -> terminal.state() == TerminalTab.State.LOST, "the killed session is noticed");
        waitFor(() -> robot.lookup("#lostPane").tryQuery().isPresent(), "the prompt");
        SshLink first = terminal.lifecycle().status().link().orElseThrow();
        robot.type(KeyCode.R);
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE
                && terminal.lifecycle().status().link().orElseThrow() != first, "reconnected by R");
        assertPromptAtTheRule(robot, terminal, "#lostPane", TerminalTab.State.LOST);
        String cause = ((Label) robot.lookup("#lostCause").query()).getText();
        assertTrue(cause.startsWith("No reply to 3 keepalive probes"), cause);
    }

    @Test
    void afterAnAutomaticReconnectASilentServerGetsTheCountdownAt20s(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "auto");
        SshLink first = terminal.lifecycle().status().link().orElseThrow();
        server.signalSessions("TERM");
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE
                && terminal.lifecycle().status().link().orElseThrow() != first, "reconnected by itself");
        assertPromptAtTheRule(robot, terminal, "#reconnectCountdown", TerminalTab.State.LOST);
    }

    @Test
    void theForwardsButtonListsEachForwardWithItsStateAndCounts(FxRobot robot) throws Exception {
        open(robot, "tunnels");
        waitFor(() -> robot.lookup("#forwardsButton").tryQuery().map(javafx.scene.Node::isVisible).orElse(false),
                "the Forwards button, shown for a connection with forwards");
        try (java.net.Socket through = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), localPort)) {
            through.setSoTimeout(10_000);
            byte[] banner = new byte[8];
            assertEquals(8, through.getInputStream().readNBytes(banner, 0, 8));
            assertEquals("SSH-2.0-", new String(banner, java.nio.charset.StandardCharsets.US_ASCII),
                    "the local forward reaches the server's own sshd");
        }
        Clicks.on(robot, "#forwardsButton");
        Stage list = UiFlows.window("Port forwards \u2013 tunnels");
        waitFor(() -> text(robot, list, "#forward-0-1").equals("listening on port " + localPort)
                && text(robot, list, "#forward-0-3").equals("1"), "the local forward listening, one connection carried: "
                + text(robot, list, "#forward-0-1") + " / " + text(robot, list, "#forward-0-3"));
        assertTrue(text(robot, list, "#forward-0-4").matches("in \\d+(\\.\\d)? [KM]?B \u00b7 out \\d+(\\.\\d)? [KM]?B"),
                text(robot, list, "#forward-0-4"));
        waitFor(() -> text(robot, list, "#forward-1-1").matches("the server listens on port \\d+"),
                "the remote SOCKS proxy listening on the server: " + text(robot, list, "#forward-1-1"));
        assertEquals("SOCKS proxy on the server's localhost:0 (connecting from here)", text(robot, list, "#forward-1-0"));
        waitFor(() -> text(robot, list, "#forward-2-1").equals("failed: port " + takenPort.getLocalPort()
                + " is already in use on this computer"), "the taken port in words: " + text(robot, list, "#forward-2-1"));
        WaitForAsyncUtils.asyncFx(list::close).get(5, TimeUnit.SECONDS);
    }

    private static String text(FxRobot robot, Stage window, String id) {
        return robot.from(window.getScene().getRoot()).lookup(id).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    @Test
    void throughAJumpHostTheStripAndTheDetailsShowTheHop(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "jumped");
        String hop = server.host() + ":" + server.port();
        Label strip = (Label) robot.lookup("#healthStrip").query();
        waitFor(() -> strip.getText().matches(".*server silent \\d+ s \u00b7 via " + java.util.regex.Pattern.quote(hop)
                + " rtt [\\d.]+ ms"), "the strip names the jump host with its round trip: " + strip.getText());
        assertTrue(terminal.health().orElseThrow().repliesReceived() >= 1);
        Clicks.on(robot, "#healthStrip");
        Stage details = UiFlows.window("Connection health \u2013 jumped");
        Label row = (Label) dev.holdfast.ui.UiFlows.in(robot, details, "#health-9");
        waitFor(() -> row.getText().matches(java.util.regex.Pattern.quote(hop) + " \u00b7 probes \\d+ / replies \\d+ \u00b7 rtt "
                + "[\\d.]+ ms \u00b7 silent \\d+ s"), "the details' jump host row: " + row.getText());
        WaitForAsyncUtils.asyncFx(details::close).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shiftCtrlOrAltAloneSendNothing(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        robot.write("stty raw -echo; echo READY; dd bs=1 count=5 2>/dev/null | od -An -tx1; stty sane");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(l -> l.strip().equals("READY")), "dd reads");
        robot.type(KeyCode.SHIFT);
        robot.type(KeyCode.CONTROL);
        robot.type(KeyCode.ALT);
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C); // copy: the terminal's own, nothing sent
        robot.type(KeyCode.Q, KeyCode.W, KeyCode.E, KeyCode.R, KeyCode.T);
        try {
            waitFor(() -> terminal.screenText().contains(" 71 77 65 72 74"), "the server reads q w e r t");
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not read q w e r t and nothing before them; the screen: "
                    + terminal.screenText().replaceAll(" +\n", "\n"), e);
        }
    }

    @Test
    void aPasteCannotSendAnEscapeThatWouldEndTheBracketedPaste(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        // the server turns bracketed paste on, as bash and zsh do at their prompt
        robot.write("printf '\\033[?2004h'; stty raw -echo; echo READY; dd bs=1 count=20 2>/dev/null | od -An -c; stty sane");
        robot.type(KeyCode.ENTER);
        waitFor(() -> hasLine(terminal, "READY"), "dd reads");
        clipboard("a\u001b[201~b\r");
        paste(robot);
        try {
            waitFor(() -> terminal.screenText().replaceAll("\\s+", "").contains("033[200~a[201~b\\r033[201~"),
                    "the server reads the paste, bracketed, with the pasted ESC left out");
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not read the paste without its ESC; the screen: "
                    + terminal.screenText().replaceAll(" +\n", "\n"), e);
        }
        assertTrue(robot.lookup("#pasteConfirm").tryQuery().isEmpty(), "a bracketed paste is not asked about");
    }

    @Test
    void aMultiLinePasteIntoAShellWithoutBracketedPasteRunsNothingUntilConfirmed(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        clipboard("echo one-$((1+1))\necho two-$((2+1))\n");
        paste(robot);
        waitFor(() -> robot.lookup("#pasteConfirm").tryQuery().isPresent(), "the paste is asked about");
        javafx.scene.control.DialogPane pane = robot.lookup("#pasteConfirm").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(pane.getHeaderText().equals("Paste 2 lines and run them?"), pane.getHeaderText());
        String shown = robot.lookup("#pastePreview").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(shown.equals("echo one-$((1+1))\necho two-$((2+1))\n"), "the preview shows what would be sent: " + shown);
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> robot.lookup("#pasteConfirm").tryQuery().isEmpty(), "Escape cancels");

        robot.write("echo marker-$((3*3))");
        robot.type(KeyCode.ENTER);
        waitFor(() -> hasLine(terminal, "marker-9"), "typing goes on after the cancelled paste");
        assertTrue(!hasLine(terminal, "one-2") && !hasLine(terminal, "two-3"),
                "the cancelled paste sent nothing: " + terminal.screenText());

        paste(robot);
        waitFor(() -> robot.lookup("#pasteConfirmButton").tryQuery().isPresent(), "asked again");
        Clicks.on(robot, "#pasteConfirmButton");
        try {
            waitFor(() -> hasLine(terminal, "one-2") && hasLine(terminal, "two-3"), "the confirmed paste runs both lines");
        } catch (TimeoutException e) {
            throw new AssertionError("the confirmed paste did not run; the screen: "
                    + terminal.screenText().replaceAll(" +\n", "\n"), e);
        }
    }

    @Test
    void withBracketedPasteOnAMultiLinePasteGoesStraightInBracketed(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        robot.write("printf '\\033[?2004h'; stty raw -echo; echo READY; dd bs=1 count=15 2>/dev/null | od -An -c; stty sane");
        robot.type(KeyCode.ENTER);
        waitFor(() -> hasLine(terminal, "READY"), "dd reads");
        clipboard("x\ny");
        paste(robot);
        try {
            waitFor(() -> terminal.screenText().replaceAll("\\s+", "").contains("033[200~x\\ry033[201~"),
                    "the server reads the bracketed paste");
        } catch (TimeoutException e) {
            throw new AssertionError("the bracketed paste did not arrive as it is; the screen: "
                    + terminal.screenText().replaceAll(" +\n", "\n"), e);
        }
        assertTrue(robot.lookup("#pasteConfirm").tryQuery().isEmpty(), "nothing was asked");
    }

    @Test
    void theTerminalAnswersNoQueryThatCouldLeakOrInjectOnlyDeviceAttributes(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        clipboard("before");
        // ENQ, an OSC 52 clipboard query and set, a title set then the title and icon reports, DECRQSS; then
        // DA1, which a terminal must answer: the answer shows the reading works and ends what is read
        String queries = "\\005\\033]52;c;?\\007\\033]52;c;cHduZWQ=\\007\\033]0;x\\033[201~id\\007\\033[21t\\033[20t"
                + "\\033P$qm\\033\\\\\\033[c";
        // the quotes keep the markers out of the echoed command line
        robot.write("stty raw -echo min 0 time 20; printf '" + queries + "'; echo; echo ANS''WERS; cat | od -An -c;"
                + " stty sane; echo DO''NE");
        robot.type(KeyCode.ENTER);
        waitFor(() -> hasLine(terminal, "DONE"), "the shell reads the answers for 2 s");
        String screen = terminal.screenText();
        String answers = screen.substring(screen.lastIndexOf("ANSWERS") + "ANSWERS".length(), screen.lastIndexOf("DONE"))
                .replaceAll("\\s+", "");
        assertTrue(answers.matches("033\\[\\?[0-9;]*c"), "only the device attributes are answered: " + answers);
        String clipboard = WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS);
        assertTrue("before".equals(clipboard), "OSC 52 did not set the clipboard: " + clipboard);
    }

    /** Whether {@code line} is on the screen as a line of output (after a prompt, when sh echoed ahead). */
    private static boolean hasLine(TerminalTab terminal, String line) {
        return terminal.screenText().lines().map(String::strip)
                .anyMatch(l -> l.equals(line) || l.endsWith("# " + line) || l.endsWith("$ " + line));
    }

    private static void clipboard(String text) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        }).get(5, TimeUnit.SECONDS);
    }

    private static void paste(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.V).release(KeyCode.V, KeyCode.SHIFT, KeyCode.CONTROL);
    }

    @Test
    void aLineTypedTheMomentTheTabIsLiveArrives(FxRobot robot) throws Exception {
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "manual"));
        TerminalTab terminal = (TerminalTab) window.tabArea().tabPane().getTabs().get(0).getUserData();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> terminal.state() == TerminalTab.State.LIVE);
        Clicks.on(robot, "#terminalTab");
        robot.write("echo early-$((6*7))");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.screenText().lines().anyMatch(l -> l.strip().equals("early-42")),
                "the line typed as the tab went live ran: " + terminal.screenText());
    }

    @Test
    void keysTypedIntoATabThatIsNotLiveAreNotSentAndTheTabSaysSo(FxRobot robot) throws Exception {
        TerminalTab terminal = open(robot, "manual");
        Clicks.on(robot, "#terminalTab");
        robot.write("exit");
        robot.type(KeyCode.ENTER);
        waitFor(() -> terminal.state() == TerminalTab.State.ENDED, "the shell exits");
        Node notice = robot.lookup("#notConnected").query();
        assertTrue(!notice.isVisible(), "no notice before anything is typed");
        Clicks.on(robot, "#terminalTab", javafx.scene.input.MouseButton.PRIMARY);
        robot.write("ls");
        waitFor(notice::isVisible, "the tab says it is not connected");
        assertTrue(((Label) notice).getText().startsWith("Not connected: what you type is not sent."),
                ((Label) notice).getText());
    }

    /** Stops the session's sshd and checks the tab turns to {@code state}, showing {@code prompt}, at 20 s. */
    private void assertPromptAtTheRule(FxRobot robot, TerminalTab terminal, String prompt, TerminalTab.State state)
            throws Exception {
        waitFor(() -> terminal.screenText().contains("reconnected"), "the reconnect marker");
        AtomicLong turned = new AtomicLong();
        WaitForAsyncUtils.asyncFx(() -> terminal.stateProperty().addListener((o, was, now) -> {
            if (now == state && turned.get() == 0) {
                turned.set(System.nanoTime());
            }
        })).get(5, TimeUnit.SECONDS);
        SshLink live = terminal.lifecycle().status().link().orElseThrow();
        server.signalSessions("STOP");
        try {
            WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> turned.get() != 0);
            long after = turned.get() - live.keepalive().lastInboundNanos();
            // never early; late only by what a busy machine's FX thread adds (the engine's own timing is
            // measured on fake time in ConnectionLifecycleTest and in KeepaliveLatenessBenchmark)
            assertTrue(after >= RULE_NANOS - EARLY_NANOS && after <= RULE_NANOS + LATE_NANOS, "the tab turned "
                    + state + " " + after / 1e6 + " ms after the server's last byte; the rule says 20000 ms");
            waitFor(() -> robot.lookup(prompt).tryQuery().map(Node::isVisible).orElse(false), "the prompt shows");
        } finally {
            server.signalSessions("KILL");
        }
    }

    private TerminalTab open(FxRobot robot, String name) throws Exception {
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, name));
        TerminalTab terminal = (TerminalTab) window.tabArea().tabPane().getTabs().get(0).getUserData();
        waitFor(() -> terminal.state() == TerminalTab.State.LIVE, "the tab connects");
        waitFor(() -> terminal.screenText().contains("$ ") || terminal.screenText().contains("# "),
                "the shell's prompt");
        return terminal;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException("timed out waiting until " + what);
        }
    }
}
