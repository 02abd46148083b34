package dev.holdfast.ui.importer;

import dev.holdfast.interop.ImportException;
import dev.holdfast.interop.ImportPlan;
import dev.holdfast.interop.ImportResult;
import dev.holdfast.interop.ImportedSession;
import dev.holdfast.interop.OpenSshConfigImporter;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Settings;
import dev.holdfast.threads.Threads;
import dev.holdfast.ui.dialogs.Dialogs;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.editor.ValueText;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * File → Import: reads an OpenSSH config off the FX thread, previews what would be created with a check
 * box per session, conflicts with saved names (skip / rename / replace) and what is skipped; nothing is
 * written until Import, which applies everything as one change (one atomic save).
 */
public final class ImportDialog {
    private final SessionLibrary library;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField path = new TextField();
    private final VBox rows = new VBox(8);
    private final Label status = new Label();
    private final CheckBox useDefaults = new CheckBox();
    private final TextArea notes = new TextArea();
    private final ButtonType importType = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);
    private final ComboBox<Format> format = new ComboBox<>();
    private final Set<String> chosen = new LinkedHashSet<>();
    private final Map<String, ImportPlan.Conflict> conflicts = new HashMap<>();
    private ImportResult result;

    /** The files Holdfast imports, with where each usually is. */
    public enum Format {
        OPENSSH("OpenSSH config", Path.of(System.getProperty("user.home"), ".ssh", "config")),
        PUTTY("PuTTY (.reg export or ~/.putty/sessions)", Path.of(System.getProperty("user.home"), ".putty",
                "sessions")),
        WINSCP("WinSCP.ini", Path.of(System.getProperty("user.home"), "WinSCP.ini")),
        BACKUP("Holdfast backup (.json)", Path.of(System.getProperty("user.home"), "holdfast-backup.json"));

        private final String label;
        private final Path usual;

        Format(String label, Path usual) {
            this.label = label;
            this.usual = usual;
        }

        public Path usual() {
            return usual;
        }

        ImportResult read(Path file) throws ImportException {
            return switch (this) {
                case OPENSSH -> OpenSshConfigImporter.forUser().read(file);
                case PUTTY -> new dev.holdfast.interop.PuttyImporter().read(file);
                case WINSCP -> new dev.holdfast.interop.WinScpImporter().read(file);
                case BACKUP -> new dev.holdfast.interop.BackupImporter().read(file);
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private ImportDialog(Window owner, SessionLibrary library, Format initial, Path file) {
        this.library = library;
        Dialogs.prepare(dialog, owner, "Import sessions");
        dialog.getDialogPane().setId("importDialog");
        dialog.setHeaderText("Import sessions from OpenSSH, PuTTY or WinSCP");
        format.getItems().setAll(Format.values());
        format.setValue(initial);
        format.setId("importFormat");
        format.valueProperty().addListener((obs, old, now) -> {
            path.setText(now.usual().toString());
            read();
        });
        dialog.setResizable(true);
        path.setText(file.toString());
        path.setId("importPath");
        HBox.setHgrow(path, Priority.ALWAYS);
        Button browse = new Button("Browse\u2026");
        browse.setOnAction(e -> browse());
        Button read = new Button("Read");
        read.setId("importRead");
        read.setOnAction(e -> read());
        path.setOnAction(e -> read());
        HBox chooser = new HBox(8, format, path, browse, read);
        chooser.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        rows.setId("importRows");
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(260);
        status.setId("importStatus");
        status.setWrapText(true);
        useDefaults.setId("importDefaults");
        useDefaults.setWrapText(true);
        useDefaults.setMaxWidth(660);
        useDefaults.setVisible(false);
        useDefaults.setManaged(false);
        notes.setId("importNotes");
        notes.setEditable(false);
        notes.setPrefRowCount(3);
        notes.setVisible(false);
        notes.setManaged(false);
        VBox content = new VBox(10, chooser, status, scroll, useDefaults, notes);
        content.setPrefWidth(680);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(importType, ButtonType.CANCEL);
        Node confirm = dialog.getDialogPane().lookupButton(importType);
        confirm.setId("importConfirm");
        confirm.setDisable(true);
        dialog.setResultConverter(button -> button);
        dialog.resultProperty().addListener((obs, old, button) -> {
            if (button == importType && result != null) {
                ImportResult found = result;
                ImportPlan plan = new ImportPlan(Set.copyOf(chosen), Map.copyOf(conflicts), useDefaults.isSelected());
                library.update(catalog -> plan.apply(catalog, found));
            }
        });
    }

    /** Opens the dialog on {@code file} in the given format and reads it at once. */
    public static ImportDialog open(Window owner, SessionLibrary library, Format format, Path file) {
        ImportDialog importer = new ImportDialog(owner, library, format, file);
        importer.dialog.show();
        importer.read();
        return importer;
    }

    private void browse() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(format.getValue().toString());
        Path current = Path.of(path.getText().isBlank() ? System.getProperty("user.home") : path.getText());
        if (current.getParent() != null && current.getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParent().toFile());
        }
        java.io.File picked = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
        if (picked != null) {
            path.setText(picked.getAbsolutePath());
            read();
        }
    }

    private void read() {
        Path file = Path.of(path.getText().strip());
        status.setText("Reading " + file + "\u2026");
        rows.getChildren().clear();
        dialog.getDialogPane().lookupButton(importType).setDisable(true);
        Format kind = format.getValue();
        Task<ImportResult> task = new Task<>() {
            @Override
            protected ImportResult call() throws ImportException {
                return kind.read(file);
            }
        };
        task.setOnSucceeded(e -> show(task.getValue()));
        task.setOnFailed(e -> {
            result = null;
            Throwable error = task.getException();
            status.setText(error instanceof ImportException ? error.getMessage()
                    : "Could not read " + file + ": " + error);
        });
        Threads.start("import", task);
    }

    private void show(ImportResult found) {
        result = found;
        chosen.clear();
        conflicts.clear();
        Catalog catalog = library.catalog();
        List<String> taken = ImportPlan.conflicting(found, catalog);
        status.setText(found.sessions().isEmpty() ? "No sessions were found."
                : found.sessions().size() + " session" + (found.sessions().size() == 1 ? "" : "s") + " found"
                + (taken.isEmpty() ? "." : "; " + taken.size() + " already exist" + (taken.size() == 1 ? "s" : "")
                + " (choose what to do with " + (taken.size() == 1 ? "it" : "each") + ")."));
        for (ImportedSession session : found.sessions()) {
            rows.getChildren().add(row(session, taken.contains(session.name()), catalog));
        }
        if (!found.defaults().isEmpty()) {
            String values = found.defaults().settings().stream()
                    .map(s -> s.label() + " " + valueOf(found, s)).collect(Collectors.joining(", "));
            List<String> replaced = ImportPlan.replacedDefaults(found, catalog.defaults());
            // either way each session connects with the values the file gives it; ticked, they are inherited
            useDefaults.setText("Also make the file's defaults (" + (format.getValue() == Format.OPENSSH ? "Host *"
                    : "Default Settings") + ") the Default Settings: " + values + ". "
                    + (replaced.isEmpty() ? "This changes no current Default Setting."
                    : "This replaces: " + String.join(", ", replaced) + ".")
                    + " Left unticked, each session gets these values as its own.");
            useDefaults.setVisible(true);
            useDefaults.setManaged(true);
        }
        if (!found.notes().isEmpty()) {
            notes.setText("Not imported:\n" + String.join("\n", found.notes()));
            notes.setVisible(true);
            notes.setManaged(true);
        }
        updateConfirm();
    }

    private static <T> String valueOf(ImportResult found, dev.holdfast.session.Setting<T> setting) {
        return ValueText.of(found.defaults().get(setting).orElseThrow());
    }

    private Node row(ImportedSession session, boolean conflict, Catalog catalog) {
        CheckBox check = new CheckBox(session.name());
        check.setId("import-" + session.name().replaceAll("[^A-Za-z0-9_-]", "_"));
        check.setMnemonicParsing(false);
        check.setSelected(true);
        chosen.add(session.name());
        check.selectedProperty().addListener((obs, was, now) -> {
            if (now) {
                chosen.add(session.name());
            } else {
                chosen.remove(session.name());
            }
            updateConfirm();
        });
        EffectiveSettings preview = catalog.effective(SessionProfile.create(session.name())
                .withOverrides(ImportPlan.overrides(session, catalog.defaults(), false)));
        KeepaliveMode mode = preview.keepaliveMode();
        Label summary = new Label(preview.target() + " \u00b7 " + (mode == KeepaliveMode.PROBE
                ? "probes every " + preview.get(Settings.KEEPALIVE_INTERVAL) + " s, CountMax "
                + preview.get(Settings.KEEPALIVE_COUNT_MAX) : mode.shortLabel())
                + (session.overrides().contains(Settings.KEY_FILE) ? " \u00b7 key " + preview.get(Settings.KEY_FILE) : ""));
        summary.getStyleClass().add("derived");
        VBox text = new VBox(2, check, summary);
        if (!session.skipped().isEmpty()) {
            // what was left out or changed on the way in (a value the editor would refuse, a name made unique)
            Label skipped = new Label("Changed or skipped: " + String.join("; ", session.skipped()));
            skipped.setId("importSkipped-" + session.name().replaceAll("[^A-Za-z0-9_-]", "_"));
            skipped.setWrapText(true);
            skipped.getStyleClass().add("derived");
            text.getChildren().add(skipped);
        }
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(10, text);
        if (conflict) {
            ComboBox<ImportPlan.Conflict> choice = new ComboBox<>();
            choice.getItems().setAll(ImportPlan.Conflict.values());
            choice.setValue(ImportPlan.Conflict.SKIP);
            choice.setId("conflict-" + session.name().replaceAll("[^A-Za-z0-9_-]", "_"));
            conflicts.put(session.name(), ImportPlan.Conflict.SKIP);
            choice.valueProperty().addListener((obs, old, now) -> conflicts.put(session.name(), now));
            Label exists = new Label("A saved session has this name:");
            VBox box = new VBox(2, exists, choice);
            row.getChildren().add(box);
        }
        return row;
    }

    private void updateConfirm() {
        FxThread.run(() -> {
            Button confirm = (Button) dialog.getDialogPane().lookupButton(importType);
            confirm.setDisable(chosen.isEmpty());
            confirm.setText(chosen.isEmpty() ? "Import" : "Import " + chosen.size());
        });
    }
}
