package dev.holdfast.ui.terminal;

import dev.holdfast.session.RemoteSession;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ui.dialogs.Dialogs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The questions and lists about tmux and screen sessions on a server. FX thread. */
public final class RemoteSessionDialogs {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private RemoteSessionDialogs() {
    }

    /** What closing a tab with a live remote session does to it. */
    public enum CloseChoice {
        /** The session goes on on the server; opening the session again resumes it. */
        LEAVE_RUNNING,
        /** The session and what runs in it end. */
        END
    }

    /**
     * Asks what closing the tab does to its remote session: Leave It Running is the default; End It ends it;
     * Cancel keeps the tab. {@code then} gets the choice and whether to do so from now on without asking.
     */
    public static Alert askClose(Window owner, String tabName, RemoteSession kind, String remoteName,
                                 java.util.function.BiConsumer<CloseChoice, Boolean> then) {
        ButtonType leave = new ButtonType("Leave It Running", ButtonBar.ButtonData.OK_DONE);
        ButtonType end = new ButtonType("End It", ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", leave, end, ButtonType.CANCEL);
        Dialogs.prepare(alert, owner, "Close Tab");
        alert.getDialogPane().setId("closeRemoteSession");
        alert.setHeaderText("Leave " + kind.program() + " session " + remoteName + " running on the server?");
        Label text = new Label("What runs in \u201c" + tabName + "\u201d goes on without Holdfast, and opening the"
                + " session again resumes it. Ending it stops everything that runs in it.");
        text.setWrapText(true);
        CheckBox always = new CheckBox("Do the same from now on without asking");
        always.setId("closeRemoteAlways");
        VBox content = new VBox(10, text, always);
        content.setPrefWidth(460);
        alert.getDialogPane().setContent(content);
        ((Button) alert.getDialogPane().lookupButton(leave)).setDefaultButton(true);
        alert.getDialogPane().lookupButton(leave).setId("closeLeaveRunning");
        alert.getDialogPane().lookupButton(end).setId("closeEnd");
        alert.resultProperty().addListener((obs, old, result) -> {
            if (result == leave) {
                then.accept(CloseChoice.LEAVE_RUNNING, always.isSelected());
            } else if (result == end) {
                then.accept(CloseChoice.END, always.isSelected());
            }
        });
        alert.show();
        return alert;
    }

    /** What the list of a server's sessions can do. */
    public interface ListActions {
        /** Fetches the list again: {@code done} gets it, {@code failed} why not. */
        void list(Consumer<List<RemoteShell.Listed>> done, Consumer<String> failed);

        /** Opens a new tab attached to the session. */
        void attach(RemoteShell.Listed session);

        /** Ends the session; {@code done} runs after, {@code failed} gets why not. */
        void end(RemoteShell.Listed session, Runnable done, Consumer<String> failed);
    }

    /**
     * The Holdfast sessions of {@code kind} on {@code server} (from {@code tmux list-sessions} or
     * {@code screen -ls}): which are attached, when made, when last active; Attach in New Tab or End.
     */
    public static Dialog<Void> showList(Window owner, String server, RemoteSession kind, ListActions actions) {
        Dialog<Void> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner, "Sessions on " + server);
        dialog.getDialogPane().setId("remoteSessions");
        dialog.setHeaderText("Holdfast's " + kind.program() + " sessions on " + server);
        TableView<RemoteShell.Listed> table = new TableView<>();
        table.setId("remoteSessionTable");
        table.setPlaceholder(new Label("Looking\u2026"));
        table.setPrefSize(560, 240);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RemoteShell.Listed, String> name = new TableColumn<>("Session");
        name.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().name()));
        name.setPrefWidth(260);
        TableColumn<RemoteShell.Listed, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(
                c.getValue().attached() ? "attached" : "detached"));
        TableColumn<RemoteShell.Listed, String> made = new TableColumn<>("Started");
        made.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(
                c.getValue().createdEpochSeconds().map(s -> WHEN.format(Instant.ofEpochSecond(s))).orElse("\u2013")));
        TableColumn<RemoteShell.Listed, String> active = new TableColumn<>("Last active");
        active.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(
                c.getValue().activityEpochSeconds().map(s -> WHEN.format(Instant.ofEpochSecond(s))).orElse("\u2013")));
        table.getColumns().setAll(List.of(name, state, made, active));
        Label status = new Label();
        status.setId("remoteSessionStatus");
        status.setWrapText(true);
        Button attach = new Button("Attach in New Tab");
        attach.setId("remoteAttach");
        Button end = new Button("End\u2026");
        end.setId("remoteEnd");
        Button refresh = new Button("Refresh");
        refresh.setId("remoteRefresh");
        attach.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        end.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Runnable reload = () -> {
            status.setText("");
            actions.list(sessions -> {
                table.getItems().setAll(sessions);
                table.setPlaceholder(new Label("No Holdfast " + kind.program() + " sessions on " + server + "."));
            }, why -> {
                table.getItems().clear();
                table.setPlaceholder(new Label("The list could not be read."));
                status.setText("The list could not be read: " + why);
            });
        };
        refresh.setOnAction(e -> reload.run());
        attach.setOnAction(e -> {
            actions.attach(table.getSelectionModel().getSelectedItem());
            dialog.close();
        });
        end.setOnAction(e -> {
            RemoteShell.Listed chosen = table.getSelectionModel().getSelectedItem();
            Alert sure = new Alert(Alert.AlertType.CONFIRMATION, "Everything that runs in it stops.",
                    new ButtonType("End It", ButtonBar.ButtonData.OK_DONE), ButtonType.CANCEL);
            Dialogs.prepare(sure, dialog.getDialogPane().getScene().getWindow(), "End Session");
            sure.setHeaderText("End " + kind.program() + " session " + chosen.name() + "?");
            sure.showAndWait().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).ifPresent(b ->
                    actions.end(chosen, reload, why -> status.setText("Not ended: " + why)));
        });
        HBox buttons = new HBox(8, attach, end, refresh);
        VBox content = new VBox(10, table, buttons, status);
        content.setPadding(new Insets(4, 0, 0, 0));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        reload.run();
        dialog.show();
        return dialog;
    }
}
