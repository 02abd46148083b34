package dev.holdfast.ui.dialogs;

import dev.holdfast.session.LoadProblem;
import dev.holdfast.ui.AppIcons;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The app's small dialogs. None of them blocks: results arrive through callbacks. FX thread. */
public final class Dialogs {
    private Dialogs() {
    }

    /** Asks before deleting; {@code onConfirmed} runs only if the user chose Delete. */
    public static Alert confirmDelete(Window owner, String sessionName, Runnable onConfirmed) {
        ButtonType delete = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", delete, ButtonType.CANCEL);
        prepare(alert, owner, "Delete session");
        alert.setHeaderText("Delete the session \u201c" + sessionName + "\u201d?");
        alert.setContentText("Its saved settings are removed. Open tabs stay open.");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(delete)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.getDialogPane().lookupButton(delete).setId("confirmDelete");
        alert.resultProperty().addListener((obs, old, result) -> {
            if (result == delete) {
                onConfirmed.run();
            }
        });
        alert.show();
        return alert;
    }

    /**
     * Asks for a new name. {@code problem} says why a name cannot be used; OK stays disabled meanwhile.
     */
    public static Dialog<String> rename(Window owner, String current, Function<String, Optional<String>> problem,
                                        Consumer<String> onRenamed) {
        Dialog<String> dialog = new Dialog<>();
        prepare(dialog, owner, "Rename session");
        dialog.setHeaderText("New name for \u201c" + current + "\u201d");
        TextField field = new TextField(current);
        field.setId("renameField");
        Label error = new Label();
        error.setId("renameError");
        error.getStyleClass().add("field-error");
        error.textProperty().bind(Bindings.createStringBinding(
                () -> field.getText().strip().equals(current) ? "" : problem.apply(field.getText().strip()).orElse(""),
                field.textProperty()));
        VBox box = new VBox(6, field, error);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("renameOk");
        ok.disableProperty().bind(error.textProperty().isNotEmpty().or(field.textProperty().isEmpty()));
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText().strip() : null);
        dialog.resultProperty().addListener((obs, old, name) -> {
            if (name != null && !name.equals(current)) {
                onRenamed.accept(name);
            }
        });
        dialog.setOnShown(e -> {
            field.requestFocus();
            field.selectAll();
        });
        dialog.show();
        return dialog;
    }

    /** Tells the user what happened to a settings file that could not be used as it was. */
    public static Alert loadProblem(Window owner, LoadProblem problem) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        prepare(alert, owner, "Sessions file");
        alert.getDialogPane().setId("loadProblem");
        alert.setHeaderText(problem.summary());
        StringBuilder text = new StringBuilder();
        problem.copy().ifPresent(copy -> text.append("The original file is kept, untouched, at:\n")
                .append(copy).append("\n\n"));
        if (problem.kind() == LoadProblem.Kind.REPAIRED) {
            text.append("What was left out:");
        } else {
            text.append("Details:");
        }
        alert.setContentText(text.toString());
        TextArea details = new TextArea(String.join("\n", problem.details()));
        details.setId("loadProblemDetails");
        details.setEditable(false);
        details.setWrapText(true);
        details.setPrefRowCount(Math.min(8, Math.max(3, problem.details().size() + 1)));
        VBox content = new VBox(8, new Label(text.toString()), details);
        alert.getDialogPane().setContent(content);
        alert.show();
        return alert;
    }

    /** Asks before closing the window while tabs hold live connections. */
    public static Alert confirmQuit(Window owner, long liveTabs, Runnable onConfirmed) {
        ButtonType close = new ButtonType(liveTabs == 1 ? "Disconnect and close" : "Disconnect all and close",
                ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", close, ButtonType.CANCEL);
        prepare(alert, owner, "Close Holdfast");
        alert.getDialogPane().setId("confirmQuit");
        alert.setHeaderText(liveTabs == 1 ? "1 tab is connected." : liveTabs + " tabs are connected.");
        alert.setContentText("Closing Holdfast disconnects " + (liveTabs == 1 ? "it" : "them")
                + ". Programs running in those shells may be stopped by the server.");
        alert.getDialogPane().lookupButton(close).setId("confirmQuitButton");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(close)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.resultProperty().addListener((obs, old, result) -> {
            if (result == close) {
                onConfirmed.run();
            }
        });
        alert.show();
        return alert;
    }

    /**
     * Asks before a paste that would run commands: the text holds line breaks and the program has not
     * turned on bracketed paste. Shows what would be sent; Paste is the default, Escape cancels.
     */
    public static Alert confirmPaste(Window owner, String text, int lines, Runnable onConfirmed, Runnable onClosed) {
        ButtonType paste = new ButtonType("Paste", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", paste, ButtonType.CANCEL);
        prepare(alert, owner, "Paste");
        alert.getDialogPane().setId("pasteConfirm");
        alert.setHeaderText(lines == 1 ? "Paste 1 line and run it?" : "Paste " + lines + " lines and run them?");
        TextArea preview = new TextArea(text.length() > 4000 ? text.substring(0, 4000) + "\n\u2026" : text);
        preview.setId("pastePreview");
        preview.setEditable(false);
        preview.setWrapText(false);
        preview.setPrefRowCount(Math.min(10, Math.max(2, lines + 1))); // room for the empty line after a last line break
        preview.setStyle("-fx-font-family: monospace;");
        Label why = new Label("The program in this tab has not turned on bracketed paste, so every line break runs"
                + " what comes before it, as if you pressed Enter.");
        why.setWrapText(true);
        VBox content = new VBox(8, why, preview);
        content.setPrefWidth(520);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().lookupButton(paste).setId("pasteConfirmButton");
        alert.resultProperty().addListener((obs, old, result) -> {
            if (result == paste) {
                onConfirmed.run();
            }
        });
        alert.setOnHidden(e -> onClosed.run());
        alert.show();
        return alert;
    }

    /** Asks before closing an editor that holds changes; Keep editing is the default. */
    public static Alert confirmDiscard(Window owner, Runnable onDiscard) {
        ButtonType discard = new ButtonType("Discard changes", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep editing", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", discard, keep);
        prepare(alert, owner, "Discard changes");
        alert.getDialogPane().setId("discardChanges");
        alert.setHeaderText("Close without saving?");
        alert.setContentText("The changes made in this window are lost.");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(discard)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        alert.getDialogPane().lookupButton(discard).setId("discardButton");
        alert.resultProperty().addListener((obs, old, result) -> {
            if (result == discard) {
                onDiscard.run();
            }
        });
        alert.show();
        return alert;
    }

    /** A plain error message. */
    public static Alert error(Window owner, String header, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        prepare(alert, owner, "Holdfast");
        alert.setHeaderText(header);
        alert.setContentText(message);
        alert.show();
        return alert;
    }

    /** A plain information message. */
    public static Alert info(Window owner, String title, String header, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        prepare(alert, owner, title);
        alert.setHeaderText(header);
        alert.setContentText(message);
        alert.show();
        return alert;
    }

    /** Owner, title, the owner's style sheets and the app icon: what every dialog of the app gets. */
    /** Help → Keyboard: every shortcut, {@code rows} as key and what it does. */
    public static Alert keyboard(Window owner, java.util.List<String[]> rows) {
        Alert alert = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        prepare(alert, owner, "Keyboard");
        alert.setHeaderText("Keyboard shortcuts");
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("keyboardList");
        grid.setHgap(24);
        grid.setVgap(6);
        for (int i = 0; i < rows.size(); i++) {
            Label key = new Label(rows.get(i)[0]);
            key.getStyleClass().add("shortcut-key");
            key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.addRow(i, key, new Label(rows.get(i)[1]));
        }
        Label note = new Label("On macOS, Cmd takes the place of Ctrl for the menu shortcuts.");
        note.getStyleClass().add("derived");
        alert.getDialogPane().setContent(new VBox(12, grid, note));
        alert.show();
        return alert;
    }

    public static void prepare(Dialog<?> dialog, Window owner, String title) {
        dialog.initOwner(owner);
        dialog.setTitle(title);
        if (owner != null && owner.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage stage) {
            AppIcons.apply(stage);
        }
    }
}
