package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.holdfast.app.Services;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Shared steps for the TestFX flows: open the real main window on a config dir, find and type into nodes. */
public final class UiFlows {
    private UiFlows() {
    }

    /** Opens the app's services and main window the way {@code HoldfastApp} does, on the FX thread. */
    static MainWindow openMainWindow(Stage stage, Services services) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            MainWindow window = new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
            stage.show();
            stage.toFront();
            return window;
        }).get(10, TimeUnit.SECONDS);
    }

    public static Services services(Path dir) {
        return Services.open(dir);
    }

    /**
     * Services on a new config dir holding one session that logs in to this OpenSSH server with this key
     * file, the server's ED25519 host key already accepted.
     */
    static Services keySession(Path configDir, String name, OpenSshServer server, Path key)
            throws Exception {
        new SessionStore(configDir).save(Catalog.empty().withSessions(
                List.of(SessionProfile.create(name).withOverrides(
                        SettingValues.empty()
                                .with(Settings.HOST, server.host())
                                .with(Settings.PORT, server.port())
                                .with(Settings.USER, server.user())
                                .with(Settings.AUTH, AuthMethod.PUBLIC_KEY)
                                .with(Settings.KEY_FILE, key.toString())))));
        Services services = services(configDir);
        services.connections().connector().knownHosts().accept(server.host(), server.port(),
                server.hostKey("ed25519"));
        return services;
    }

    /** The showing window with this title; waits for it to appear. */
    static Stage window(String title) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> find(title) != null);
        Stage stage = find(title);
        settle(stage);
        return stage;
    }

    /** Waits until a new window stops moving: dialogs centre themselves a pulse or two after showing. */
    static void settle(Stage stage) throws Exception {
        double[] last = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        int[] stable = {0};
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            double[] now = {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()};
            stable[0] = java.util.Arrays.equals(now, last) ? stable[0] + 1 : 0;
            System.arraycopy(now, 0, last, 0, 4);
            if (stable[0] < 3) {
                // The sampling interval of "stopped moving" (3 equal samples 50 ms apart), not a guess at a delay.
                Thread.sleep(50);
                return false;
            }
            return true;
        });
    }

    static boolean isShowing(String title) {
        WaitForAsyncUtils.waitForFxEvents();
        return find(title) != null;
    }

    private static Stage find(String title) {
        for (Window window : new ArrayList<>(Window.getWindows())) {
            if (window instanceof Stage stage && stage.isShowing() && title.equals(stage.getTitle())) {
                return stage;
            }
        }
        return null;
    }

    /** A node with this CSS selector inside a given window. */
    static <T extends Node> T in(FxRobot robot, Window window, String query) {
        T node = robot.from(window.getScene().getRoot()).lookup(query).query();
        assertNotNull(node, query);
        return node;
    }

    /** As {@link #in}, typed as a plain node for clicking. */
    static Node node(FxRobot robot, Window window, String query) {
        return in(robot, window, query);
    }

    /** Opens a menu of the window's menu bar and clicks one of its items, as a user would. */
    static void menu(FxRobot robot, Window window, String menu, String item) {
        Node menuButton = robot.from(window.getScene().getRoot()).lookup(".menu-bar .menu")
                .match((javafx.scene.control.Labeled l) -> l.getText().replace("_", "").equals(menu)).query();
        assertNotNull(menuButton, menu);
        Clicks.on(robot, menuButton);
        Clicks.on(robot, robot.lookup(".context-menu .menu-item .label").match((javafx.scene.control.Label l)
                -> l.getText().replace("_", "").equals(item)).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks into a text field, selects everything in it and types the replacement, as a user would. */
    static void replaceText(FxRobot robot, Node field, String text) {
        Clicks.on(robot, field);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        if (text.isEmpty()) {
            robot.push(KeyCode.BACK_SPACE);
        } else {
            robot.write(text);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The session names the tree shows, top to bottom, read from its cells as a user sees them. */
    static List<String> sessionNames(FxRobot robot, Window window) {
        return cells(robot, window, false).stream().map(UiFlows::cellName).toList();
    }

    /** The folder names the tree shows, top to bottom. */
    static List<String> folderNames(FxRobot robot, Window window) {
        return cells(robot, window, true).stream().map(UiFlows::cellName).toList();
    }

    /** The tree cell showing the session called {@code name}. */
    static TreeCell<?> sessionCell(FxRobot robot, Window window, String name) {
        return cells(robot, window, false).stream().filter(c -> cellName(c).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no session '" + name + "' in " + sessionNames(robot, window)));
    }

    /** The tree cell showing the folder called {@code name}. */
    static TreeCell<?> folderCell(FxRobot robot, Window window, String name) {
        return cells(robot, window, true).stream().filter(c -> cellName(c).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no folder '" + name + "' in " + folderNames(robot, window)));
    }

    /** The muted text beside a session's name: its user@host:port. */
    static String cellTarget(TreeCell<?> cell) {
        return ((Label) ((HBox) cell.getGraphic()).getChildren().get(1)).getText();
    }

    /** The cells shown, top to bottom: found and placed on the FX thread, which is laying them out. */
    private static List<TreeCell<?>> cells(FxRobot robot, Window window, boolean folders) {
        WaitForAsyncUtils.waitForFxEvents();
        return Clicks.onFx(() -> {
            List<TreeCell<?>> cells = new ArrayList<>();
            for (Node node : robot.from(window.getScene().getRoot()).lookup(".tree-cell").queryAll()) {
                if (node instanceof TreeCell<?> cell && !cell.isEmpty() && cell.isVisible() && cell.getGraphic() != null
                        && isFolder(cell) == folders) {
                    cells.add(cell);
                }
            }
            cells.sort(Comparator.comparingDouble(c -> c.localToScene(0, 0).getY()));
            return cells;
        });
    }

    /** Whether the row is a folder's, as its bold name (the name's pseudo-class) shows it. */
    static boolean isFolder(TreeCell<?> cell) {
        return ((HBox) cell.getGraphic()).getChildren().get(0).getPseudoClassStates()
                .contains(dev.holdfast.ui.sessions.SessionListPane.FOLDER);
    }

    private static String cellName(TreeCell<?> cell) {
        return ((Label) ((HBox) cell.getGraphic()).getChildren().get(0)).getText();
    }


    /** Answers the password dialog, optionally ticking "Remember for this app session". */
    static void answerPassword(FxRobot robot, String password, boolean remember) throws Exception {
        Stage dialog = window("Password");
        if (remember) {
            Clicks.on(robot, node(robot, dialog, "#rememberSecret"));
        }
        Clicks.on(robot, node(robot, dialog, "#secretField")).write(password);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !dialog.isShowing());
    }
}
