package dev.holdfast.ui;

import dev.holdfast.testing.Clicks;
import static dev.holdfast.ui.UiFlows.in;
import static dev.holdfast.ui.UiFlows.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.app.Services;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SessionStore;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.sessions.SessionListPane;
import dev.holdfast.ui.window.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeView;
import javafx.scene.control.ScrollBar;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import org.testfx.util.WaitForAsyncUtils;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class SessionListFlowTest {
    @TempDir
    Path configDir;

    private Services services;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        SessionStore store = new SessionStore(configDir);
        store.save(Catalog.empty().withSessions(List.of(
                profile("web", "Work", "web.invalid", "deploy"),
                profile("db", "Work", "db.invalid", "postgres"),
                profile("pi", "", "pi.invalid", "pi"))));
        services = UiFlows.services(configDir);
        new MainWindow(stage, services.library(), services.store().file(), false, services.connections());
        stage.show();
    }

    private static SessionProfile profile(String name, String folder, String host, String user) {
        return SessionProfile.create(name).withFolder(folder).withOverrides(SettingValues.empty()
                .with(Settings.HOST, host).with(Settings.USER, user));
    }

    @AfterEach
    void closeServices() {
        services.close();
    }

    @Test
    void deleteAsksFirstAndOnlyRemovesAfterConfirmation(FxRobot robot) throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "db"));
        Clicks.on(robot, "#moreButton");
        Clicks.on(robot, "Delete\u2026");
        Stage confirm = UiFlows.window("Delete session");
        assertTrue(((Label) robot.from(confirm.getScene().getRoot()).lookup(".header-panel .label").query())
                .getText().contains("db"));
        Clicks.on(robot, node(robot, confirm, ".button-bar .button:cancel"));
        assertFalse(UiFlows.isShowing("Delete session"));
        assertEquals(List.of("db", "web", "pi"), UiFlows.sessionNames(robot, stage), "Cancel keeps it");

        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "db"));
        robot.push(KeyCode.DELETE);
        Stage again = UiFlows.window("Delete session");
        Clicks.on(robot, node(robot, again, "#confirmDelete"));
        assertEquals(List.of("web", "pi"), UiFlows.sessionNames(robot, stage));

        services.library().flush(Duration.ofSeconds(5));
        assertEquals(List.of("web", "pi"), new SessionStore(configDir).load().catalog().sessions().stream()
                .map(SessionProfile::name).toList());
    }

    @Test
    void aLongTargetIsCutShortWithAnEllipsisAndTheListNeverScrollsSideways(FxRobot robot) throws Exception {
        String host = "a-host-name-much-longer-than-the-session-list-is-wide.eu-west-1.compute.internal.invalid";
        robot.interact(() -> services.library().update(c -> c.withSessions(java.util.stream.Stream.concat(
                c.sessions().stream(), java.util.stream.Stream.of(profile("far", "", host, "ops"))).toList())));
        dev.holdfast.testing.Await.until("the new session's row", java.time.Duration.ofSeconds(10),
                () -> UiFlows.sessionNames(robot, stage).contains("far"));
        TreeCell<?> cell = UiFlows.sessionCell(robot, stage, "far");
        assertEquals("ops@" + host, UiFlows.cellTarget(cell), "the whole target is the label's text");
        TreeView<?> tree = robot.lookup("#sessionTree").query();
        WaitForAsyncUtils.waitForFxEvents();
        String shown = robot.from(((HBox) cell.getGraphic()).getChildren().get(1)).lookup(".text")
                .queryAs(javafx.scene.text.Text.class).getText();
        assertTrue(shown.endsWith("...") && shown.length() < ("ops@" + host).length(),
                "shown cut short: " + shown);
        assertEquals("far", robot.from(((HBox) cell.getGraphic()).getChildren().get(0)).lookup(".text")
                .queryAs(javafx.scene.text.Text.class).getText(), "the name is shown whole");
        boolean sideways = tree.lookupAll(".scroll-bar").stream()
                .anyMatch(n -> n instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL
                        && bar.isVisible());
        assertFalse(sideways, "no sideways scroll bar");
    }

    @Test
    void aFolderShowsItsArrowInBoldAndTheArrowCollapsesAndExpandsIt(FxRobot robot) {
        assertEquals(List.of("Work"), UiFlows.folderNames(robot, stage));
        TreeCell<?> work = UiFlows.folderCell(robot, stage, "Work");
        Label name = (Label) ((HBox) work.getGraphic()).getChildren().get(0);
        javafx.scene.Node arrow = ((HBox) work.getGraphic()).lookup(".session-disclosure");
        assertTrue(arrow.isVisible() && arrow.getLayoutBounds().getWidth() > 0, "a folder shows its arrow");
        assertTrue(name.getFont().getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold"),
                "a folder's name is bold: " + name.getFont());
        TreeCell<?> db = UiFlows.sessionCell(robot, stage, "db");
        Label dbName = (Label) ((HBox) db.getGraphic()).getChildren().get(0);
        assertFalse(((HBox) db.getGraphic()).lookup(".session-disclosure").isVisible(), "a session shows no arrow");
        assertFalse(dbName.getFont().getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold"), dbName.getFont().getStyle());
        double folderText = name.lookup(".text").localToScene(0, 0).getX();
        double sessionText = dbName.lookup(".text").localToScene(0, 0).getX();
        double topSessionText = ((HBox) UiFlows.sessionCell(robot, stage, "pi").getGraphic()).getChildren().get(0)
                .lookup(".text").localToScene(0, 0).getX();
        assertTrue(folderText < sessionText, "a folder's sessions are indented under it");
        assertEquals(topSessionText, folderText, 1, "a folder's name and a session's beside it line up");
        javafx.geometry.Bounds arrowBounds = arrow.localToScene(arrow.getLayoutBounds());
        assertTrue(arrowBounds.getMaxX() <= folderText + 1 && arrowBounds.getMinX() >= work.localToScene(0, 0).getX(),
                "the arrow is before the folder's name, in its row: " + arrowBounds + ", name at " + folderText);

        Clicks.on(robot, arrow);
        assertEquals(List.of("pi"), UiFlows.sessionNames(robot, stage), "collapsed: only the session outside it");
        assertEquals(List.of("Work"), UiFlows.folderNames(robot, stage), "the folder's row stays");
        Clicks.on(robot, ((HBox) UiFlows.folderCell(robot, stage, "Work").getGraphic()).lookup(".session-disclosure"));
        assertEquals(List.of("db", "web", "pi"), UiFlows.sessionNames(robot, stage), "expanded again");
    }

    @Test
    void aFilterThatChangesTheRowsChangesNoCellsNodesOrStyleClasses(FxRobot robot) {
        // what keeps a swap of the tree cheap: JavaFX restyles a node from scratch when it joins a parent or its
        // style classes change, so a filter keystroke that turns folder rows into session rows (and back) must
        // leave every cell's nodes and classes as they were, and change only texts and pseudo-classes
        TreeView<?> tree = robot.lookup("#sessionTree").queryAs(TreeView.class);
        java.util.Map<TreeCell<?>, String> before = Clicks.onFx(() -> cellShapes(tree));
        assertTrue(before.size() >= 4, "the cells shown: " + before.size());
        UiFlows.replaceText(robot, robot.lookup("#filter").query(), "pi");
        assertEquals(List.of("pi"), UiFlows.sessionNames(robot, stage));
        assertEquals(List.of(), UiFlows.folderNames(robot, stage));
        UiFlows.replaceText(robot, robot.lookup("#filter").query(), "");
        assertEquals(List.of("Work"), UiFlows.folderNames(robot, stage));
        java.util.Map<TreeCell<?>, String> after = Clicks.onFx(() -> cellShapes(tree));
        for (java.util.Map.Entry<TreeCell<?>, String> cell : before.entrySet()) {
            if (after.containsKey(cell.getKey())) {
                assertEquals(cell.getValue(), after.get(cell.getKey()), "a cell's nodes and classes");
            }
        }
        assertTrue(after.keySet().containsAll(before.keySet()), "the same cells");
    }

    /** Each cell of the tree with its nodes (identities) and their style classes, depth first. */
    private static java.util.Map<TreeCell<?>, String> cellShapes(TreeView<?> tree) {
        java.util.Map<TreeCell<?>, String> shapes = new java.util.HashMap<>();
        for (javafx.scene.Node node : tree.lookupAll(".tree-cell")) {
            if (node instanceof TreeCell<?> cell) {
                StringBuilder shape = new StringBuilder();
                describe(cell, shape);
                shapes.put(cell, shape.toString());
            }
        }
        return shapes;
    }

    private static void describe(javafx.scene.Node node, StringBuilder shape) {
        shape.append(System.identityHashCode(node)).append(node.getStyleClass()).append('(');
        if (node instanceof javafx.scene.Parent parent) {
            for (javafx.scene.Node child : parent.getChildrenUnmodifiable()) {
                describe(child, shape);
            }
        }
        shape.append(')');
    }

    @Test
    void duplicateAndRenameKeepNamesUnique(FxRobot robot) throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "web"));
        Clicks.on(robot, "#moreButton");
        Clicks.on(robot, "Duplicate");
        assertEquals(List.of("db", "web", "web (copy)", "pi"), UiFlows.sessionNames(robot, stage));
        assertEquals("deploy@web.invalid", UiFlows.cellTarget(UiFlows.sessionCell(robot, stage, "web (copy)")));

        UiFlows.menu(robot, stage, "Edit", "Rename Session\u2026");
        Stage rename = UiFlows.window("Rename session");
        UiFlows.replaceText(robot, in(robot, rename, "#renameField"), "DB");
        assertEquals("A session called 'db' already exists", ((Label) in(robot, rename, "#renameError")).getText());
        assertTrue(((Button) in(robot, rename, "#renameOk")).isDisabled());
        UiFlows.replaceText(robot, in(robot, rename, "#renameField"), "web staging");
        assertFalse(((Button) in(robot, rename, "#renameOk")).isDisabled());
        Clicks.on(robot, node(robot, rename, "#renameOk"));
        assertEquals(List.of("db", "web", "web staging", "pi"), UiFlows.sessionNames(robot, stage));
    }

    @Test
    void f2RenamesWhileTheListHasFocus(FxRobot robot) throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "pi"));
        assertTrue(robot.lookup("#sessionTree").query().isFocused());
        robot.push(KeyCode.F2);
        Stage rename = UiFlows.window("Rename session");
        assertEquals("pi", ((javafx.scene.control.TextField) in(robot, rename, "#renameField")).getText());
        Clicks.on(robot, node(robot, rename, ".button-bar .button:cancel"));
    }

    @Test
    void theFilterNarrowsTheListAndEnterOpensTheMatchInATab(FxRobot robot) throws Exception {
        Clicks.on(robot, "#filter").write("postgres");
        assertEquals(List.of("db"), UiFlows.sessionNames(robot, stage));
        robot.push(KeyCode.ENTER);
        TabPane tabs = in(robot, stage, "#tabs");
        assertEquals(1, tabs.getTabs().size());
        assertEquals("db", tabs.getTabs().get(0).getText());
        dev.holdfast.ui.terminal.TerminalTab terminal = (dev.holdfast.ui.terminal.TerminalTab) tabs.getTabs().get(0)
                .getUserData();
        assertEquals("postgres@db.invalid", terminal.tab().getTooltip().getText());
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> terminal.state() == dev.holdfast.ui.terminal.TerminalTab.State.FAILED);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents(); // the card is added in the same FX turn as the state
        assertEquals("Unknown host", ((Label) in(robot, stage, "#failureTitle")).getText());
        assertFalse(node(robot, stage, "#emptyState").isVisible());

        robot.push(KeyCode.ESCAPE);
        assertEquals(List.of("db", "web", "pi"), UiFlows.sessionNames(robot, stage));
        Clicks.twice(robot, UiFlows.sessionCell(robot, stage, "pi"));
        assertEquals(2, tabs.getTabs().size());
        assertEquals("pi", tabs.getSelectionModel().getSelectedItem().getText());
    }

    @Test
    void aSavedSettingShowsInItsRowAndTheFilterFollowsChangesThatMakeASessionMatchOrNot(FxRobot robot)
            throws Exception {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "web"));
        put("web", "web2.invalid");
        assertEquals("deploy@web2.invalid", UiFlows.cellTarget(UiFlows.sessionCell(robot, stage, "web")));
        assertEquals("deploy@web2.invalid", ((Label) in(robot, stage, "#detail-target")).getText(),
                "the details show the saved value");
        assertEquals(List.of("db", "web", "pi"), UiFlows.sessionNames(robot, stage));

        Clicks.on(robot, "#filter").write("web2");
        assertEquals(List.of("web"), UiFlows.sessionNames(robot, stage));
        put("web", "other.invalid");
        assertEquals(List.of(), UiFlows.sessionNames(robot, stage), "no longer matches: its row goes");
        put("web", "web2b.invalid");
        assertEquals(List.of("web"), UiFlows.sessionNames(robot, stage), "matches again: back");
        assertEquals("deploy@web2b.invalid", UiFlows.cellTarget(UiFlows.sessionCell(robot, stage, "web")));
        robot.push(KeyCode.BACK_SPACE); // "web": a wider query than the one shown
        assertEquals(List.of("web"), UiFlows.sessionNames(robot, stage));
        robot.push(KeyCode.BACK_SPACE, KeyCode.BACK_SPACE); // "w": pi's user has none, db's has none
        assertEquals(List.of("web"), UiFlows.sessionNames(robot, stage));
        robot.push(KeyCode.ESCAPE);
        assertEquals(List.of("db", "web", "pi"), UiFlows.sessionNames(robot, stage));
    }

    @Test
    void whenTheFilterHidesTheSelectedSessionTheDetailsSayNoneIsSelected(FxRobot robot) {
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "web"));
        assertEquals("web", ((Label) in(robot, stage, "#details .section-title")).getText());
        Clicks.on(robot, "#filter").write("q"); // one key: no name, folder, host or user has a q
        assertEquals(List.of(), UiFlows.sessionNames(robot, stage));
        assertEquals("No session selected", ((Label) in(robot, stage, "#details .section-title")).getText(),
                "the details follow the selection: none, as the Open and Edit buttons say");
        assertTrue(((Button) in(robot, stage, "#editButton")).isDisabled());
        robot.push(KeyCode.ESCAPE);
        assertFalse(((Button) in(robot, stage, "#editButton")).isDisabled(), "the first session is selected again");
    }

    @Test
    void aLargeListFiltersOffTheFxThreadShowsTheLatestQueryAndEnterOpensItsFirstMatch(FxRobot robot)
            throws Exception {
        int count = SessionListPane.FILTER_OFF_FX_FROM + 100;
        services.library().update(catalog -> {
            List<SessionProfile> more = new java.util.ArrayList<>(catalog.sessions());
            for (int i = 0; i < count; i++) {
                more.add(profile("node-" + i, "Fleet", "node" + i + ".invalid", "ops"));
            }
            return catalog.withSessions(more);
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TreeView<?> tree = robot.lookup("#sessionTree").query();

        Clicks.on(robot, "#filter").write("node-49"); // each key's rows are made off the FX thread
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> "node-49".equals(tree.getProperties().get(SessionListPane.SHOWN_FILTER)));
        List<String> expected = new java.util.ArrayList<>(List.of("node-49"));
        for (int i = 490; i < 500; i++) {
            expected.add("node-" + i);
        }
        assertEquals(expected, sessionsIn(tree.getRoot()), "the rows of the last query typed");
        // and drawn: those rows on screen, in order, once the list has been laid out (as many as the list's
        // height shows: in a full suite run the window may be smaller than 11 rows)
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> {
            List<String> shown = UiFlows.sessionNames(robot, stage);
            return !shown.isEmpty() && shown.size() <= expected.size()
                    && expected.subList(0, shown.size()).equals(shown);
        });
        assertEquals(List.of("Fleet"), UiFlows.folderNames(robot, stage));

        robot.push(KeyCode.ESCAPE);
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> "".equals(tree.getProperties().get(SessionListPane.SHOWN_FILTER)));
        assertEquals(count + 3, leaves(tree.getRoot()), "every session again");

        // Enter straight after the last key, while its rows may still be made: it opens the first match of
        // what was typed, not a row of an earlier query
        Clicks.on(robot, "#filter").write("node-7");
        robot.push(KeyCode.ENTER);
        TabPane tabs = in(robot, stage, "#tabs");
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> tabs.getTabs().size() == 1);
        assertEquals("node-7", tabs.getTabs().get(0).getText());
    }

    /** The names of the sessions in the tree, top to bottom, drawn on screen or not. */
    private static List<String> sessionsIn(javafx.scene.control.TreeItem<?> item) {
        List<String> names = new java.util.ArrayList<>();
        for (javafx.scene.control.TreeItem<?> child : item.getChildren()) {
            if (child.isLeaf()) {
                // the row's value is package-private to the list: its record text holds the session's name
                names.add(String.valueOf(child.getValue()).replaceAll("(?s)^.*?\\bname=([^,]+),.*$", "$1"));
            }
            names.addAll(sessionsIn(child));
        }
        return names;
    }

    private static int leaves(javafx.scene.control.TreeItem<?> item) {
        int count = item.isLeaf() && item.getParent() != null ? 1 : 0;
        for (javafx.scene.control.TreeItem<?> child : item.getChildren()) {
            count += leaves(child);
        }
        return count;
    }

    /** Saves a change of one session's host, as the editor does, off the FX thread. */
    private void put(String name, String host) {
        SessionProfile profile = services.library().catalog().byName(name).orElseThrow();
        services.library().put(profile.withOverrides(profile.overrides().with(Settings.HOST, host)));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theWindowCarriesTheAppIconAtEverySizeFromIconsFolder() {
        List<Double> widths = stage.getIcons().stream().map(javafx.scene.image.Image::getWidth).toList();
        assertEquals(List.of(16.0, 24.0, 32.0, 48.0, 64.0, 128.0, 256.0), widths);
        assertTrue(stage.getIcons().stream().noneMatch(javafx.scene.image.Image::isError));
    }

    @Test
    void theContextMenuCopiesASessionAsAnSshCommand(FxRobot robot) throws Exception {
        // Monocle does not turn a right click into a context-menu request: fire the tree's real menu item
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "db"));
        javafx.scene.control.TreeView<?> tree = robot.lookup(".tree-view").queryAs(javafx.scene.control.TreeView.class);
        javafx.scene.control.MenuItem item = tree.getContextMenu().getItems().stream()
                .filter(m -> "copyAsCommand".equals(m.getId())).findFirst().orElseThrow();
        org.testfx.util.WaitForAsyncUtils.asyncFx(item::fire).get(5, java.util.concurrent.TimeUnit.SECONDS);
        String copied = org.testfx.util.WaitForAsyncUtils.asyncFx(
                () -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("ssh -o ServerAliveInterval=15 -o ServerAliveCountMax=3 -o TCPKeepAlive=yes postgres@db.invalid",
                copied);
    }

    @Test
    void aCopyThatLeftSomethingOutSaysSoAtOnce(FxRobot robot) throws Exception {
        SessionProfile db = services.library().catalog().byName("db").orElseThrow();
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> services.library().put(db.withOverrides(db.overrides()
                .with(Settings.AUTH, dev.holdfast.session.AuthMethod.PUBLIC_KEY)
                .with(Settings.KEY_FILE, "/keys/it\"s mine")))).get(5, java.util.concurrent.TimeUnit.SECONDS);
        Clicks.on(robot, UiFlows.sessionCell(robot, stage, "db"));
        javafx.scene.control.TreeView<?> tree = robot.lookup(".tree-view").queryAs(javafx.scene.control.TreeView.class);
        javafx.scene.control.MenuItem item = tree.getContextMenu().getItems().stream()
                .filter(m -> "copyAsConfig".equals(m.getId())).findFirst().orElseThrow();
        org.testfx.util.WaitForAsyncUtils.asyncFx(item::fire).get(5, java.util.concurrent.TimeUnit.SECONDS);
        Stage dialog = UiFlows.window("Copied with changes");
        String shown = robot.from(dialog.getScene().getRoot()).lookup(".label").queryAllAs(javafx.scene.control.Label.class)
                .stream().map(javafx.scene.control.Label::getText).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(shown.contains("IdentityFile left out"), shown);
        String copied = org.testfx.util.WaitForAsyncUtils.asyncFx(
                () -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(copied.startsWith("Host db\n") && copied.contains("# IdentityFile left out"), copied);
    }
}
