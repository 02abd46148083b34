package dev.holdfast.ui.sessions;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Setting;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.editor.ValueText;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The selected session's effective settings under the list, each marked when it comes from the defaults. */
final class SessionDetails {
    private final VBox root = new VBox(4);
    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private final Label[] target = row("Target", "target");
    private final Label[] auth = row("Authentication", "auth");
    private final Label[] keepalive = row("Keepalive", "keepalive");
    private final Label summary = new Label();
    private EffectiveSettings showing;
    private boolean shown;

    SessionDetails() {
        root.setId("details");
        root.getStyleClass().add("session-details");
        root.setPadding(new Insets(8, 0, 0, 0));
        title.getStyleClass().add("section-title");
        grid.setHgap(10);
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(names);
        grid.setVgap(2);
        summary.setId("detail-deadAfter");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.getStyleClass().add("derived");
        root.getChildren().addAll(title, grid);
        show(null);
    }

    VBox node() {
        return root;
    }

    void show(EffectiveSettings session) {
        if (shown && java.util.Objects.equals(session, showing)) {
            return; // the same values: nothing to change
        }
        shown = true;
        showing = session;
        if (session == null) {
            title.setText("No session selected");
            grid.getChildren().clear();
            return;
        }
        title.setText(session.profile().name());
        if (grid.getChildren().isEmpty()) {
            // made once and kept: a new selection (each filter keystroke can make one) only changes texts,
            // where new labels would each be styled and laid out from scratch
            int row = 0;
            for (Label[] pair : new Label[][] {target, auth, keepalive}) {
                grid.add(pair[0], 0, row);
                grid.add(pair[1], 1, row);
                row++;
            }
            grid.add(summary, 0, row, 2, 1);
        }
        set(target, session.target(), session.isOverridden(Settings.HOST));
        set(auth, ValueText.of(session.get(Settings.AUTH)), session.isOverridden(Settings.AUTH));
        String keepaliveText = session.keepaliveMode().shortLabel();
        if (session.keepaliveMode() != dev.holdfast.keepalive.KeepaliveMode.OFF
                && session.get(Settings.KEEPALIVE_INTERVAL) > 0) {
            keepaliveText += " every " + session.get(Settings.KEEPALIVE_INTERVAL) + " s";
        }
        set(keepalive, keepaliveText, anyOverridden(session, Settings.KEEPALIVE_MODE,
                Settings.KEEPALIVE_INTERVAL, Settings.KEEPALIVE_COUNT_MAX));
        summary.setText(session.keepaliveSummary());
    }

    private static void set(Label[] pair, String value, boolean overridden) {
        pair[1].setText(value + (overridden ? "" : "  (default)"));
    }

    /** A row's name and value labels. */
    private static Label[] row(String label, String id) {
        Label name = new Label(label);
        name.getStyleClass().add("detail-label");
        Label text = new Label();
        text.setId("detail-" + id);
        return new Label[] {name, text};
    }

    private static boolean anyOverridden(EffectiveSettings session, Setting<?>... settings) {
        for (Setting<?> setting : settings) {
            if (session.isOverridden(setting)) {
                return true;
            }
        }
        return false;
    }
}
