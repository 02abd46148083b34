package dev.holdfast.ui.editor;

import dev.holdfast.session.Setting;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.AppIcons;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The session editor and the Default Settings dialog: PuTTY-like pages (Session, Connection with the
 * keepalive panel, Terminal) on the left, the page on the right, Save disabled while anything is invalid.
 */
public final class SettingsEditor {
    private final EditorModel model;
    private final Stage stage = new Stage();
    private final Runnable onSaved;

    /**
     * A page of the editor, made when it is first shown: most opens use only the first, and making the
     * other three (their controls, bindings and listeners) was part of the first open's cost.
     */
    private static final class Page {
        private final String title;
        private final java.util.function.Supplier<Node> maker;
        private final List<Setting<?>> settings;
        private final boolean hasName;
        private Node content;

        Page(String title, java.util.function.Supplier<Node> maker, List<Setting<?>> settings, boolean hasName) {
            this.title = title;
            this.maker = maker;
            this.settings = settings;
            this.hasName = hasName;
        }

        Node content() {
            if (content == null) {
                content = maker.get();
            }
            return content;
        }

        String title() {
            return title;
        }

        List<Setting<?>> settings() {
            return settings;
        }

        boolean hasName() {
            return hasName;
        }
    }

    private SettingsEditor(EditorModel model, Window owner, List<String> stylesheets, Runnable onSaved) {
        this.model = model;
        this.onSaved = onSaved;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        AppIcons.apply(stage);
        stage.setTitle(title());
        Scene scene = new Scene(layout(), 800, 700);
        scene.getStylesheets().setAll(stylesheets);
        stage.setScene(scene);
        stage.setOnHidden(e -> model.dispose());
        stage.setOnCloseRequest(e -> {
            e.consume(); // the window's close button asks like Cancel and Esc do
            closeAsking();
        });
        stage.setOnShown(e -> {
            Node first = scene.lookup(model.mode() == EditorModel.Mode.SESSION ? "#field-name" : "#field-host");
            if (first != null) {
                first.requestFocus();
            }
        });
    }

    /** Opens the editor without blocking; {@code onSaved} runs after a successful save. */
    public static SettingsEditor open(EditorModel model, Window owner, Runnable onSaved) {
        List<String> sheets = owner.getScene() == null ? List.of() : owner.getScene().getStylesheets();
        SettingsEditor editor = new SettingsEditor(model, owner, sheets, onSaved);
        editor.stage.show();
        return editor;
    }

    public Stage stage() {
        return stage;
    }

    private String title() {
        if (model.mode() == EditorModel.Mode.DEFAULTS) {
            return "Default Settings";
        }
        return model.isNew() ? "New Session" : "Edit Session: " + model.original().name();
    }

    private BorderPane layout() {
        List<Page> pages = List.of(
                new Page("Session", this::sessionPage, List.of(Settings.HOST, Settings.PORT, Settings.USER,
                        Settings.AUTH, Settings.KEY_FILE, Settings.CERTIFICATE_FILE, Settings.AGENT,
                        Settings.FORWARD_AGENT), true),
                new Page("Tunnels", this::tunnelsPage, List.of(Settings.PROXY_JUMP, Settings.FORWARDS), false),
                new Page("Connection", this::connectionPage, List.of(Settings.CONNECT_TIMEOUT, Settings.KEEPALIVE_MODE,
                        Settings.KEEPALIVE_INTERVAL, Settings.KEEPALIVE_COUNT_MAX, Settings.TCP_KEEPALIVE,
                        Settings.TCP_KEEP_IDLE, Settings.TCP_KEEP_INTERVAL, Settings.TCP_KEEP_COUNT,
                        Settings.RECONNECT_AUTO, Settings.RECONNECT_DELAY, Settings.RECONNECT_ATTEMPTS,
                        Settings.REMOTE_SESSION, Settings.WAKE_CHECK, Settings.LOG_PROBES), false),
                new Page("Terminal", this::terminalPage, List.of(Settings.FONT_SIZE, Settings.SCROLLBACK,
                        Settings.TERMINAL_TYPE, Settings.COLOR_SCHEME, Settings.FONT_FAMILY, Settings.LINE_SPACING,
                        Settings.PADDING, Settings.SESSION_LOG, Settings.SESSION_LOG_FILE,
                        Settings.SESSION_LOG_APPEND), false));

        ListView<Page> nav = new ListView<>();
        nav.setId("pages");
        nav.getItems().setAll(pages);
        nav.setPrefWidth(150);
        nav.setCellFactory(list -> new PageCell());
        ScrollPane content = new ScrollPane();
        content.setFitToWidth(true);
        content.getStyleClass().add("editor-page");
        nav.getSelectionModel().selectedItemProperty().addListener((obs, old, page) -> {
            if (page != null) {
                content.setContent(page.content());
            }
        });
        nav.getSelectionModel().selectFirst();

        BorderPane root = new BorderPane();
        root.getStyleClass().add("settings-editor");
        root.setLeft(nav);
        root.setCenter(content);
        root.setBottom(buttons());
        return root;
    }

    /** A page title with a warning mark while one of its fields is invalid. */
    private final class PageCell extends ListCell<Page> {
        @Override
        protected void updateItem(Page page, boolean empty) {
            super.updateItem(page, empty);
            textProperty().unbind();
            if (empty || page == null) {
                setText(null);
                return;
            }
            BooleanBinding invalid = Bindings.createBooleanBinding(() -> false);
            for (Setting<?> setting : page.settings()) {
                invalid = invalid.or(model.field(setting).invalid());
            }
            if (page.hasName()) {
                invalid = invalid.or(model.nameError().isNotEmpty().and(model.nameTouched()))
                        .or(model.folderError().isNotEmpty());
            }
            textProperty().bind(Bindings.when(invalid).then(page.title() + "  \u26a0").otherwise(page.title()));
        }
    }

    private Node sessionPage() {
        FieldRows rows = new FieldRows(model);
        if (model.mode() == EditorModel.Mode.SESSION) {
            TextField name = new TextField();
            name.setId("field-name");
            name.setPromptText("e.g. web server");
            name.textProperty().bindBidirectional(model.name());
            rows.plain("Session name", name, model.nameError(), model.nameTouched(), "error-name");
            ComboBox<String> folder = new ComboBox<>();
            folder.setId("field-folder");
            folder.setEditable(true);
            folder.setMaxWidth(Double.MAX_VALUE);
            folder.setPromptText("optional, e.g. Work/Prod");
            folder.getItems().setAll(model.knownFolders());
            folder.getEditor().textProperty().bindBidirectional(model.folder());
            rows.plain("Folder", folder, model.folderError(),
                    Bindings.createBooleanBinding(() -> true), "error-folder");
        } else {
            Label intro = new Label("Every session uses these values unless it sets its own. "
                    + "A change here reaches those sessions at once.");
            intro.setWrapText(true);
            intro.getStyleClass().add("derived");
            rows.note(intro);
            javafx.scene.control.CheckBox restore = new javafx.scene.control.CheckBox(
                    "Restore the tabs open when Holdfast last quit (each connects when first shown;"
                            + " with tmux or screen it resumes)");
            restore.setId("field-restoreTabs");
            restore.setWrapText(true);
            restore.setMnemonicParsing(false);
            restore.selectedProperty().bindBidirectional(model.restoreTabs());
            rows.note(restore);
        }
        rows.text(Settings.HOST, "", model.mode() == EditorModel.Mode.SESSION ? "host name or address" : "none");
        rows.text(Settings.PORT, "", "22");
        rows.text(Settings.USER, "", "your user name on the server");
        rows.choice(Settings.AUTH);
        Button browse = new Button("Browse\u2026");
        browse.setId("browseKey");
        browse.disableProperty().bind(model.field(Settings.KEY_FILE).applicable().not());
        TextField key = rows.text(Settings.KEY_FILE, "", "empty: ~/.ssh/id_ed25519, id_ecdsa, id_rsa", browse);
        browse.setOnAction(e -> chooseKey(key));
        rows.text(Settings.CERTIFICATE_FILE, "", "empty: the key file's name + -cert.pub, if it is there");
        rows.choice(Settings.AGENT);
        rows.check(Settings.FORWARD_AGENT, "Forward the agent to the server");
        Label risk = new Label("While the session is open, anyone with root on the server (or who takes over your"
                + " account there) can use your agent's keys to log in elsewhere as you; they cannot copy the keys."
                + " Forward it only to servers you trust as much as this computer.");
        risk.setWrapText(true);
        risk.getStyleClass().add("derived");
        risk.setId("forwardAgentRisk");
        rows.note(risk);
        return page(rows.grid());
    }

    /** Jump hosts and port forwards. */
    private Node tunnelsPage() {
        FieldRows jump = new FieldRows(model);
        jump.text(Settings.PROXY_JUMP, "", "none, or user@bastion:2222,user@inner");
        VBox jumps = section("Jump hosts", jump, "The connection goes through each of these in turn (as OpenSSH's"
                + " ProxyJump), the target reached from the last one. Each host's key is checked and each login"
                + " asked for as for a direct connection; keepalives watch every hop.", "jumpSection", true);
        FieldRows forward = new FieldRows(model);
        forward.area(Settings.FORWARDS, "L 8080:db.internal:5432\nR 9000:localhost:3000\nD 1080", 4);
        VBox forwards = section("Port forwards", forward, "One per line, as after ssh's -L, -R and -D: L listens here"
                + " and connects from the server, R listens on the server and connects from here, D is a SOCKS proxy"
                + " here. Listening is on localhost unless an address is given (* for every address). They come back"
                + " after a reconnect; the tab lists each with its state.", "forwardSection", true);
        return page(jumps, forwards);
    }

    private void chooseKey(TextField key) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Private key file");
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        if (Files.isDirectory(ssh)) {
            chooser.setInitialDirectory(ssh.toFile());
        }
        File chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            key.setText(chosen.getAbsolutePath());
        }
    }

    /** A {@code keepalive-section}'s border (1 px) and padding (12 px), as holdfast.css draws it. */
    private static final double SECTION_INSET = 13;

    private Node connectionPage() {
        FieldRows rows = new FieldRows(model);
        rows.text(Settings.CONNECT_TIMEOUT, "s", "15");
        FieldRows reconnect = new FieldRows(model);
        reconnect.check(Settings.RECONNECT_AUTO, "Reconnect automatically when the connection is lost");
        reconnect.text(Settings.RECONNECT_DELAY, "s", "5");
        reconnect.text(Settings.RECONNECT_ATTEMPTS, "", "5");
        VBox section = section("Reconnect", reconnect, "Each failed attempt doubles the wait (with some randomness,"
                + " at most 5 min). Never after a refused password or a changed host key: those need you.",
                "reconnectSection", true);
        // inset by a section's border and padding, so its columns line up with those inside the sections
        rows.grid().setPadding(new Insets(0, SECTION_INSET, 0, SECTION_INSET));
        FieldRows remote = new FieldRows(model);
        remote.choice(Settings.REMOTE_SESSION);
        VBox resume = section("Resume", remote, "With tmux or GNU screen, the tab's shell runs inside a session on"
                + " the server that outlives the connection: a reconnect, or opening the session again, resumes it"
                + " with whatever runs there. Closing the tab asks whether to leave it running. Where the program is"
                + " not installed, the tab says so and runs a plain shell.", "resumeSection", true);
        return page(rows.grid(), KeepalivePanel.build(model), section, resume, wakeSection());
    }

    /** A titled group of rows with a note under them; {@code framed} draws the border of the Connection page's groups. */
    private static VBox section(String title, FieldRows rows, String note, String id, boolean framed) {
        Label how = new Label(note);
        how.setWrapText(true);
        how.getStyleClass().add("derived");
        rows.note(how);
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        VBox section = new VBox(8, heading, rows.grid());
        if (framed) {
            section.getStyleClass().add("keepalive-section");
        }
        section.setId(id);
        return section;
    }

    /** What happens after a sleep or a network change, and the probe log. */
    private Node wakeSection() {
        FieldRows rows = new FieldRows(model);
        rows.text(Settings.WAKE_CHECK, "s", "5");
        rows.check(Settings.LOG_PROBES, "Log every keepalive probe and reply (to see what a NAT or firewall does)");
        return section("Sleep and network changes", rows, "After the computer wakes from sleep or the network"
                + " changes, every connection is probed at once; one that does not answer within this time is"
                + " declared dead.", "wakeSection", true);
    }

    private Node terminalPage() {
        FieldRows rows = new FieldRows(model);
        rows.text(Settings.FONT_SIZE, "pt", "14");
        rows.text(Settings.SCROLLBACK, "lines", "10000");
        rows.text(Settings.TERMINAL_TYPE, "", "xterm-256color");
        rows.choice(Settings.COLOR_SCHEME);
        ComboBox<String> fonts = new ComboBox<>();
        fonts.setId("fontChoices");
        fonts.setPromptText("Installed…");
        TextField family = rows.text(Settings.FONT_FAMILY, "", "automatic (a monospace font found here)", fonts);
        fonts.setOnShowing(e -> {
            if (fonts.getItems().isEmpty()) {
                fonts.getItems().setAll(dev.holdfast.ui.theme.TerminalFonts.monospaceFamilies());
            }
        });
        fonts.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                family.setText(now);
            }
        });
        rows.text(Settings.LINE_SPACING, "%", "100");
        rows.text(Settings.PADDING, "px", "6");
        FieldRows log = new FieldRows(model);
        log.check(Settings.SESSION_LOG, "Write what the terminal shows to a log file (never what you type)");
        log.text(Settings.SESSION_LOG_FILE, "", "~/holdfast-logs/&H-&Y&M&D-&T.log");
        log.check(Settings.SESSION_LOG_APPEND, "Append to an existing log (otherwise start it afresh)");
        return page(rows.grid(), section("Session log", log, "In the file name, &H is the host, &P the port,"
                + " &Y&M&D the date, &T the time and && an &. The file is readable by you only. Colours and font"
                + " apply to new tabs.", "sessionLogSection", false));
    }

    private static Node page(Node... parts) {
        VBox box = new VBox(14, parts);
        box.setPadding(new Insets(16));
        return box;
    }

    private Node buttons() {
        Label status = new Label();
        status.setId("editorStatus");
        status.getStyleClass().add("derived");
        status.textProperty().bind(statusText());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> closeAsking());
        Button save = new Button("Save");
        save.setId("save");
        save.setDefaultButton(true);
        save.disableProperty().bind(model.valid().not());
        save.setOnAction(e -> {
            if (model.valid().get()) {
                model.save();
                stage.close();
                onSaved.run();
            }
        });
        ButtonBar.setButtonData(cancel, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar.setButtonData(save, ButtonBar.ButtonData.OK_DONE);
        HBox bar = new HBox(8, status, new HBox(), cancel, save);
        HBox.setHgrow(bar.getChildren().get(1), Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(10, 16, 12, 16));
        bar.getStyleClass().add("button-strip");
        return bar;
    }

    /** Closes, first asking whether to throw away changes when there are any (Keep editing is the default). */
    private void closeAsking() {
        if (!model.hasChanges()) {
            stage.close();
            return;
        }
        dev.holdfast.ui.dialogs.Dialogs.confirmDiscard(stage, stage::close);
    }

    /** Says what stands between the user and Save. */
    private StringBinding statusText() {
        List<javafx.beans.Observable> deps = new java.util.ArrayList<>();
        deps.add(model.valid());
        deps.add(model.nameError());
        Settings.ALL.forEach(s -> deps.add(model.field(s).error()));
        return Bindings.createStringBinding(() -> {
            if (model.valid().get()) {
                return "";
            }
            List<String> problems = new java.util.ArrayList<>();
            if (!model.nameError().get().isEmpty()) {
                problems.add("Session name");
            }
            if (!model.folderError().get().isEmpty()) {
                problems.add("Folder");
            }
            model.invalidSettings().forEach(s -> problems.add(s.label()));
            return "To save, fix: " + problems.stream().collect(Collectors.joining(", "));
        }, deps.toArray(javafx.beans.Observable[]::new));
    }
}
