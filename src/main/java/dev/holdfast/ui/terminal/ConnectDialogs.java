package dev.holdfast.ui.terminal;

import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.HostKeyTexts;
import dev.holdfast.ssh.Interaction.HostKeyDecision;
import dev.holdfast.ssh.Secret;
import dev.holdfast.ui.dialogs.Dialogs;
import java.util.Optional;
import java.util.function.Consumer;
import dev.holdfast.ui.FxThread;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The questions asked while connecting: an unknown host key, passwords, passphrases, prompts. FX thread. */
final class ConnectDialogs {
    private ConnectDialogs() {
    }

    /** OpenSSH's "authenticity of host can't be established", with the same fingerprint format. */
    static Dialog<HostKeyDecision> unknownHostKey(Window owner, ConnectSpec spec, HostKeyCheck check,
                                                   Consumer<HostKeyDecision> answer) {
        Dialog<HostKeyDecision> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner, "Unknown host key");
        dialog.getDialogPane().setId("unknownHostKey");
        dialog.setHeaderText("Holdfast has never connected to " + spec.endpoint() + " before.");
        ButtonType accept = new ButtonType("Accept and save", ButtonBar.ButtonData.YES);
        ButtonType once = new ButtonType("Connect once", ButtonBar.ButtonData.NO);
        dialog.getDialogPane().getButtonTypes().setAll(accept, once, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(accept).setId("acceptHostKey");
        dialog.getDialogPane().lookupButton(once).setId("connectOnce");
        ((Button) dialog.getDialogPane().lookupButton(accept)).setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);

        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(6);
        Label typeLabel = new Label("Key type");
        typeLabel.setMinWidth(Region.USE_PREF_SIZE);
        facts.addRow(0, typeLabel, new Label(check.presented().displayType()
                + " (" + check.presented().type() + ")"));
        TextField fingerprint = new TextField(check.presented().sha256Fingerprint());
        fingerprint.setId("hostKeyFingerprint");
        fingerprint.setEditable(false);
        fingerprint.getStyleClass().add("monospace");
        fingerprint.setPrefColumnCount(50);
        Label fingerprintLabel = new Label("Fingerprint");
        fingerprintLabel.setMinWidth(Region.USE_PREF_SIZE);
        facts.addRow(1, fingerprintLabel, fingerprint);
        VBox content = new VBox(10, facts);
        HostKeyTexts.certificateNote(check).ifPresent(text -> {
            Label certificate = new Label(text);
            certificate.setId("hostCertificateNote");
            certificate.setWrapText(true);
            certificate.setMaxWidth(520);
            content.getChildren().add(certificate);
        });
        if (!check.otherKnownTypes().isEmpty()) {
            Label other = new Label("This host is already known by a key of another type ("
                    + String.join(", ", check.otherKnownTypes()) + "). It may have been given a new kind of key.");
            other.setWrapText(true);
            content.getChildren().add(other);
        }
        Label advice = new Label("Compare the fingerprint with one from the server's administrator (on the server: "
                + "ssh-keygen -lf /etc/ssh/ssh_host_" + check.presented().displayType().toLowerCase(java.util.Locale.ROOT)
                + "_key.pub). \u201cAccept and save\u201d remembers the key, so a different key later is refused.");
        advice.setWrapText(true);
        advice.setMaxWidth(520);
        advice.getStyleClass().add("derived");
        content.getChildren().add(advice);
        dialog.getDialogPane().setContent(content);
        dialog.setResultConverter(button -> button == accept ? HostKeyDecision.ACCEPT_AND_SAVE
                : button == once ? HostKeyDecision.CONNECT_ONCE : HostKeyDecision.CANCEL);
        dialog.resultProperty().addListener((obs, old, result) -> answer.accept(result));
        dialog.show();
        return dialog;
    }

    /**
     * Asks for a secret.
     *
     * @param header what is asked and why
     * @param prompt the label in front of the field
     * @param echo show what is typed (for prompts that are not secret)
     */
    static Dialog<Optional<Secret>> secret(Window owner, String title, String header, String prompt, boolean echo,
                                           Consumer<Optional<Secret>> answer) {
        Dialog<Optional<Secret>> dialog = new Dialog<>();
        Dialogs.prepare(dialog, owner, title);
        dialog.getDialogPane().setId("secretDialog");
        dialog.setHeaderText(header);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        TextInputControl field = echo ? new TextField() : new PasswordField();
        field.setId("secretField");
        field.setPrefWidth(280);
        CheckBox remember = new CheckBox("Remember for this app session");
        remember.setId("rememberSecret");
        remember.setVisible(!echo);
        remember.setManaged(!echo);
        Label note = new Label("Kept in memory until Holdfast exits; never written to disk.");
        note.getStyleClass().add("derived");
        note.setVisible(!echo);
        note.setManaged(!echo);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        Label promptLabel = new Label(prompt);
        promptLabel.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(0, promptLabel, field);
        VBox content = new VBox(10, grid, remember, note);
        dialog.getDialogPane().setContent(content);
        // Enter means OK wherever the focus is, also on the check box after a click (where it would toggle it)
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("secretOk");
        dialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !(e.getTarget() instanceof Button)) {
                e.consume();
                ok.fire();
            }
        });
        dialog.setResultConverter(button -> {
            if (button != ButtonType.OK) {
                field.clear();
                return Optional.empty();
            }
            char[] typed = field.getText().toCharArray();
            Secret secret = new Secret(typed, remember.isSelected());
            java.util.Arrays.fill(typed, '\0'); // the Secret has its own copy
            field.clear();
            return Optional.of(secret);
        });
        dialog.resultProperty().addListener((obs, old, result) -> answer.accept(result));
        dialog.setOnShown(e -> FxThread.later(field::requestFocus));
        dialog.show();
        return dialog;
    }
}
