package dev.holdfast.ui.window;

import dev.holdfast.session.LoadProblem;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.threads.Threads;
import dev.holdfast.ui.AppIcons;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.Version;
import dev.holdfast.ui.dialogs.Dialogs;
import dev.holdfast.ui.editor.EditorModel;
import dev.holdfast.ui.editor.SettingsEditor;
import dev.holdfast.ui.sessions.SessionActions;
import dev.holdfast.ui.sessions.SessionListPane;
import dev.holdfast.ui.sessions.TabArea;
import dev.holdfast.ssh.Connections;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.ui.theme.ThemeChoice;
import dev.holdfast.ui.theme.Themes;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * The main window: menus, the session list on the left, tabs on the right. Builds its views in code and
 * delegates data changes to the {@link SessionLibrary}. FX thread.
 */
public final class MainWindow implements SessionActions {
    public static final String STYLESHEET = MainWindow.class.getResource("/dev/holdfast/ui/holdfast.css").toExternalForm();

    private final Stage stage;
    private final SessionLibrary library;
    private final Path configFile;
    private final boolean systemPrefersDark;
    private final SessionListPane list;
    private final TabArea tabs;
    private final SplitPane split;
    private Runnable onExit = () -> { };
    private Optional<WindowState> normalState = Optional.empty();
    private final javafx.scene.control.CheckMenuItem showSidebar = new javafx.scene.control.CheckMenuItem("Session _List");
    private double sidebar = WindowState.DEFAULT_SIDEBAR;
    private boolean placed;

    public MainWindow(Stage stage, SessionLibrary library, Path configFile, boolean systemPrefersDark,
                      Connections connections) {
        this.stage = stage;
        this.library = library;
        this.configFile = configFile;
        this.systemPrefersDark = systemPrefersDark;
        // before the first control is made: otherwise JavaFX loads its default Modena stylesheet first
        Themes.apply(theme(), systemPrefersDark);
        this.tabs = new TabArea(connections, () -> stage);
        this.list = new SessionListPane(library, this);
        tabs.setEditor(settings -> library.catalog().byId(settings.profile().id())
                .map(profile -> () -> edit(profile)));
        tabs.setPreferences(new TabArea.Preferences() {
            @Override
            public String get(String key) {
                return library.catalog().preferences().get(key);
            }

            @Override
            public void set(String key, String value) {
                library.setPreference(key, value);
            }
        });
        // kept as they change, not only at quit: after a crash or a kill the next start still knows them
        tabs.setOnTabsChanged(open -> {
            String text = open.text();
            if (!text.equals(library.catalog().preferences().get(dev.holdfast.ui.sessions.OpenTabs.PREFERENCE))) {
                library.setPreference(dev.holdfast.ui.sessions.OpenTabs.PREFERENCE, text);
            }
        });

        split = new SplitPane(list.node(), tabs.node());
        list.node().setMinWidth(WindowState.MIN_SIDEBAR);
        SplitPane.setResizableWithParent(list.node(), false);
        BorderPane root = new BorderPane(split);
        root.setTop(menus());
        root.getStyleClass().add("main-window");

        Scene scene = new Scene(root, 1100, 700);
        scene.getStylesheets().add(STYLESHEET);
        // before the terminal's canvas sees them, which would send them to the shell
        scene.addEventFilter(javafx.scene.input.KeyEvent.ANY, this::tabKeys);
        stage.setScene(scene);
        stage.setTitle("Holdfast");
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        AppIcons.apply(stage);
        showSidebar.setSelected(true);
        WindowState.from(library.catalog().preferences()).ifPresent(saved -> {
            saved.applyTo(stage);
            normalState = Optional.of(saved);
            sidebar = saved.sidebar();
            showSidebar.setSelected(!saved.sidebarHidden());
        });
        if (!showSidebar.isSelected()) {
            split.getItems().remove(list.node());
        }
        showSidebar.selectedProperty().addListener((obs, was, now) -> setSidebarShown(now));
        // the list's width is given in pixels once the window has its own size, not before
        split.setDividerPositions(WindowState.divider(sidebar, scene.getWidth()));
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> FxThread.later(() -> {
            WindowState.placeDivider(split, sidebar);
            placed = true;
        }));
        stage.maximizedProperty().addListener((obs, was, now) -> {
            if (now && !was) {
                normalState = Optional.of(WindowState.of(stage, sidebarNow(), !showSidebar.isSelected(), Optional.empty()));
            }
        });
        library.addSaveFailureListener(e -> FxThread.run(() -> Dialogs.error(stage,
                "Your sessions could not be saved",
                e.getMessage() + "\n\nYour changes are kept in this window; Holdfast tries again on the next change.")));
        library.addMergeNoticeListener(notice -> FxThread.run(() -> Dialogs.info(stage, "Sessions changed elsewhere",
                "Your sessions file was changed elsewhere", notice)));
        stage.setOnHidden(e -> list.dispose());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
    }

    /** What runs once the window has closed through {@link #quit()}, such as exiting the app. */
    public void setOnExit(Runnable onExit) {
        this.onExit = onExit;
    }

    /**
     * Closes the window, asking first when tabs hold live connections; the tabs disconnect and then
     * {@link #setOnExit the exit action} runs.
     */
    public void quit() {
        long busy = tabs.busyCount();
        if (busy == 0) {
            closeNow();
            return;
        }
        Dialogs.confirmQuit(stage, busy, this::closeNow);
    }

    private void closeNow() {
        WindowState.of(stage, sidebarNow(), !showSidebar.isSelected(), normalState.filter(n -> stage.isMaximized()))
                .save(library);
        tabs.closeAll();
        stage.hide();
        onExit.run();
    }

    /**
     * Brings back the tabs open when Holdfast last quit (or was stopped), when Default Settings say so: each
     * connects when first shown, and one with tmux or screen resumes its session. Sessions deleted since are
     * left out.
     */
    public void restoreTabs() {
        java.util.Map<String, String> preferences = library.catalog().preferences();
        if (!"true".equals(preferences.get(dev.holdfast.ui.sessions.OpenTabs.RESTORE_PREFERENCE))) {
            return;
        }
        dev.holdfast.ui.sessions.OpenTabs saved = dev.holdfast.ui.sessions.OpenTabs.parse(
                preferences.get(dev.holdfast.ui.sessions.OpenTabs.PREFERENCE));
        java.util.List<dev.holdfast.ui.terminal.TerminalTab> made = new java.util.ArrayList<>();
        int selected = -1;
        for (int i = 0; i < saved.tabs().size(); i++) {
            dev.holdfast.ui.sessions.OpenTabs.Tab tab = saved.tabs().get(i);
            Optional<SessionProfile> profile = library.catalog().byId(tab.sessionId());
            if (profile.isEmpty()) {
                continue;
            }
            if (i == saved.selected()) {
                selected = made.size();
            }
            made.add(tabs.open(settingsOf(profile.get()), tab.slot(), tab.remoteName(), true));
        }
        if (!made.isEmpty()) {
            tabs.tabPane().getSelectionModel().select(made.get(Math.max(0, selected)).tab());
        }
    }

    private boolean swallowTyped;

    /**
     * Tab switching that works wherever the focus is, also in a terminal: Ctrl+Tab / Ctrl+Shift+Tab,
     * Ctrl+PgDn / Ctrl+PgUp, Alt+1…8 (Alt+9 the last tab) and Ctrl+Shift+W to close. The key press is consumed
     * and so is the character it types, so the shell gets neither.
     */
    private void tabKeys(javafx.scene.input.KeyEvent e) {
        if (e.getEventType() == javafx.scene.input.KeyEvent.KEY_TYPED) {
            if (swallowTyped) {
                e.consume();
            }
            return;
        }
        if (e.getEventType() == javafx.scene.input.KeyEvent.KEY_RELEASED) {
            swallowTyped = false;
            return;
        }
        Optional<Runnable> action = TabKeys.action(e.getCode(), e.isControlDown(), e.isShiftDown(), e.isAltDown(),
                e.isMetaDown()).map(key -> () -> act(key));
        if (action.isPresent()) {
            e.consume();
            swallowTyped = true;
            action.get().run();
        } else {
            // a key press that is no tab key types its own character: the release of a tab key may have gone
            // to a dialog it opened (Ctrl+Shift+W asking about a tmux session), so it cannot end the swallowing
            swallowTyped = false;
        }
    }

    private void act(TabKeys.Key key) {
        switch (key.kind()) {
            case NEXT -> tabs.selectBy(1);
            case PREVIOUS -> tabs.selectBy(-1);
            case NUMBER -> tabs.selectAt(key.index(), key.index() == 8);
            case CLOSE -> tabs.closeSelected();
        }
        FxThread.later(tabs::focusSelected);
    }

    /** The list's width in pixels as the divider stands (or as it was when the list was hidden). */
    private double sidebarNow() {
        if (placed && split.getItems().size() > 1 && split.getWidth() > 0) {
            sidebar = split.getDividerPositions()[0] * split.getWidth();
        }
        return sidebar;
    }

    /** Shows or hides the session list (View → Session List, Ctrl+Shift+B); its width comes back with it. */
    private void setSidebarShown(boolean shown) {
        if (shown && !split.getItems().contains(list.node())) {
            split.getItems().add(0, list.node());
            WindowState.placeDivider(split, sidebar);
            FxThread.later(() -> WindowState.placeDivider(split, sidebar));
        } else if (!shown && split.getItems().contains(list.node())) {
            sidebarNow();
            split.getItems().remove(list.node());
        }
        library.setPreference(WindowState.PREFERENCE,
                WindowState.of(stage, sidebar, !shown, normalState.filter(n -> stage.isMaximized())).text());
    }

    /** Whether the session list is shown. */
    public boolean isSidebarShown() {
        return showSidebar.isSelected();
    }

    public Stage stage() {
        return stage;
    }

    public SessionListPane sessionList() {
        return list;
    }

    public TabArea tabArea() {
        return tabs;
    }

    /** Asks where, then writes every session and the Default Settings to a JSON file (off the FX thread). */
    public void exportBackup() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export Backup");
        chooser.setInitialFileName("holdfast-backup-" + java.time.LocalDate.now(java.time.ZoneId.systemDefault()) + ".json");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("JSON", "*.json"));
        java.io.File file = chooser.showSaveDialog(stage);
        if (file != null) {
            exportBackup(file.toPath());
        }
    }

    /** Writes the backup to {@code file} on a background thread and says how it went. */
    public void exportBackup(Path file) {
        dev.holdfast.session.Catalog catalog = library.catalog();
        Threads.start("backup", () -> {
            try {
                dev.holdfast.session.SessionStore.writeBackup(file, catalog);
                FxThread.run(() -> Dialogs.info(stage, "Export Backup", "Backup written",
                        catalog.sessions().size() + " sessions and the Default Settings are in\n" + file
                                + "\n\nFile \u2192 Import Sessions\u2026 (Holdfast backup) brings them back."));
            } catch (java.io.IOException e) {
                FxThread.run(() -> Dialogs.error(stage, "The backup could not be written", file + ": " + e.getMessage()));
            }
        });
    }

    /** Opens the import preview for an OpenSSH config file. */
    public void importOpenSshConfig(Path file) {
        importSessions(dev.holdfast.ui.importer.ImportDialog.Format.OPENSSH, file);
    }

    /** Opens the import preview for a file in one of the formats Holdfast reads. */
    public void importSessions(dev.holdfast.ui.importer.ImportDialog.Format format, Path file) {
        dev.holdfast.ui.importer.ImportDialog.open(stage, library, format, file);
    }

    /**
     * Comes to the front of the desktop, out of the Dock or task bar if minimized, and takes the focus: a
     * second launch has handed its command line over to this window.
     */
    public void bringToFront() {
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        stage.toFront();
        stage.requestFocus();
    }

    /** Says that the session named on the command line is not there (found only after loading). */
    public void tellUnknownSession(String message) {
        Dialogs.error(stage, "Session not found", Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
    }

    /** Tells the user what happened to an unusable settings file. */
    public void report(Optional<LoadProblem> problem) {
        problem.ifPresent(p -> Dialogs.loadProblem(stage, p));
    }

    private MenuBar menus() {
        Menu file = new Menu("_File");
        file.getItems().addAll(
                item("_New Session\u2026", "Shortcut+N", this::newSession),
                item("_Open Session", "Shortcut+O", () -> list.selectedProfile().ifPresent(this::open)),
                item("_Close Tab", "Shortcut+Shift+W", tabs::closeSelected),
                item("Sessions on This _Server\u2026", null, tabs::showRemoteSessionsOfSelected),
                new SeparatorMenuItem(),
                item("_Import Sessions\u2026", "Shortcut+I", () -> importSessions(
                        dev.holdfast.ui.importer.ImportDialog.Format.OPENSSH,
                        dev.holdfast.ui.importer.ImportDialog.Format.OPENSSH.usual())),
                item("_Export Backup\u2026", null, this::exportBackup),
                new SeparatorMenuItem(),
                item("_Quit", "Shortcut+Q", this::quit));
        Menu edit = new Menu("_Edit");
        edit.getItems().addAll(
                item("_Edit Session\u2026", "Shortcut+E", () -> list.selectedProfile().ifPresent(this::edit)),
                item("_Rename Session\u2026", "F2", () -> list.selectedProfile().ifPresent(this::rename)),
                item("D_uplicate Session", "Shortcut+D", () -> list.selectedProfile().ifPresent(this::duplicate)),
                item("De_lete Session\u2026", null, () -> list.selectedProfile().ifPresent(this::delete)),
                new SeparatorMenuItem(),
                item("_Default Settings\u2026", "Shortcut+Comma", this::editDefaults));
        edit.getItems().get(0).setId("menuEditSession");
        edit.getItems().get(5).setId("menuDefaults");
        Menu view = new Menu("_View");
        view.getItems().add(item("_Find Session", "Shortcut+F", () -> {
            showSidebar.setSelected(true);
            list.filterField().requestFocus();
        }));
        showSidebar.setId("menuShowSidebar");
        showSidebar.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+B"));
        view.getItems().add(showSidebar);
        Menu theme = new Menu("_Theme");
        view.getItems().add(theme);
        ToggleGroup themes = new ToggleGroup();
        for (ThemeChoice choice : ThemeChoice.values()) {
            RadioMenuItem option = new RadioMenuItem(choice.label());
            option.setToggleGroup(themes);
            option.setSelected(choice == theme());
            option.setOnAction(e -> {
                library.setPreference(ThemeChoice.PREFERENCE, choice.key());
                Themes.apply(choice, systemPrefersDark);
            });
            theme.getItems().add(option);
        }
        Menu help = new Menu("_Help");
        help.getItems().add(item("_Keyboard", "F1", () -> Dialogs.keyboard(stage, TabKeys.ALL)));
        help.getItems().get(0).setId("menuKeyboard");
        help.getItems().add(item("_About Holdfast", null, () -> Dialogs.info(stage, "About Holdfast",
                "Holdfast " + Version.current(),
                "Version " + Version.current() + "\n\nAn SSH session manager with keepalives you can see."
                        + "\n\nSettings file:\n" + configFile)));
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private ThemeChoice theme() {
        return ThemeChoice.fromKey(library.catalog().preferences().getOrDefault(ThemeChoice.PREFERENCE, "system"));
    }

    @Override
    public void newSession() {
        EditorModel model = EditorModel.forNewSession(library);
        SettingsEditor.open(model, stage, () -> list.selectAndFocus(model.original().id()));
    }

    @Override
    public void open(SessionProfile profile) {
        tabs.open(settingsOf(profile));
    }

    /** The session's settings as they are at each (re)connect; as they were last, once it is deleted. */
    private java.util.function.Supplier<EffectiveSettings> settingsOf(SessionProfile profile) {
        EffectiveSettings snapshot = library.catalog().effective(profile);
        return () -> library.catalog().byId(profile.id()).map(library.catalog()::effective).orElse(snapshot);
    }

    @Override
    public void copyAsCommand(SessionProfile profile) {
        copyAndTell(dev.holdfast.interop.OpenSshExport.command(library.catalog().effective(profile)));
    }

    @Override
    public void copyAsConfig(SessionProfile profile) {
        copyAndTell(dev.holdfast.interop.OpenSshExport.configBlock(library.catalog().effective(profile)));
    }

    /** Copies an export, and says at once what it left out (or why it was refused), not only in its comments. */
    private void copyAndTell(String exported) {
        copy(exported);
        java.util.List<String> leftOut = dev.holdfast.interop.OpenSshExport.leftOut(exported);
        if (!leftOut.isEmpty()) {
            Dialogs.info(stage, "Copied with changes", "Not everything could be copied",
                    String.join("\n", leftOut) + "\n\nWhat was copied says so in comments.");
        }
    }

    private static void copy(String text) {
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public void edit(SessionProfile profile) {
        SettingsEditor.open(EditorModel.forSession(library, profile), stage, () -> list.selectAndFocus(profile.id()));
    }

    @Override
    public void duplicate(SessionProfile profile) {
        library.duplicate(profile.id()).ifPresent(copy -> list.selectAndFocus(copy.id()));
    }

    @Override
    public void rename(SessionProfile profile) {
        Dialogs.rename(stage, profile.name(), name -> library.nameProblem(name, profile.id()),
                name -> library.rename(profile.id(), name).ifPresentOrElse(
                        problem -> Dialogs.error(stage, "Cannot rename", problem),
                        () -> list.selectAndFocus(profile.id())));
    }

    @Override
    public void delete(SessionProfile profile) {
        Dialogs.confirmDelete(stage, profile.name(), () -> library.delete(profile.id()));
    }

    public void editDefaults() {
        SettingsEditor.open(EditorModel.forDefaults(library), stage, () -> { });
    }
}
