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
        root.getChildren().addAll(title, grid);
        show(null);
    }

    VBox node() {
        return root;
    }

    void show(EffectiveSettings session) {
        if (shown && java.util.Objects.equals(session, showing)) {
            return; // the same values: new labels would only cost style and layout passes
        }
        shown = true;
        showing = session;
        grid.getChildren().clear();
        if (session == null) {
            title.setText("No session selected");
            return;
        }
        title.setText(session.profile().name());
        int row = 0;
        row = add(row, "Target", session.target(), session.isOverridden(Settings.HOST), "target");
        row = add(row, "Authentication", ValueText.of(session.get(Settings.AUTH)), session.isOverridden(Settings.AUTH),
                "auth");
        String keepalive = session.keepaliveMode().shortLabel();
        if (session.keepaliveMode() != dev.holdfast.keepalive.KeepaliveMode.OFF
                && session.get(Settings.KEEPALIVE_INTERVAL) > 0) {
            keepalive += " every " + session.get(Settings.KEEPALIVE_INTERVAL) + " s";
        }
        row = add(row, "Keepalive", keepalive, anyOverridden(session, Settings.KEEPALIVE_MODE,
                Settings.KEEPALIVE_INTERVAL, Settings.KEEPALIVE_COUNT_MAX), "keepalive");
        Label summary = new Label(session.keepaliveSummary());
        summary.setId("detail-deadAfter");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.getStyleClass().add("derived");
        grid.add(summary, 0, row, 2, 1);
    }

    private int add(int row, String label, String value, boolean overridden, String id) {
        Label name = new Label(label);
        name.getStyleClass().add("detail-label");
        Label text = new Label(value + (overridden ? "" : "  (default)"));
        text.setId("detail-" + id);
        grid.add(name, 0, row);
        grid.add(text, 1, row);
        return row + 1;
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
