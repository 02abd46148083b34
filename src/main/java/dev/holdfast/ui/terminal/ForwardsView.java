package dev.holdfast.ui.terminal;

import dev.holdfast.ssh.forward.ForwardState;
import dev.holdfast.ui.FxTicker;
import dev.holdfast.ui.dialogs.Dialogs;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * A tab's port forwards: each one's description, state in words, open channels, connections and bytes, refreshed
 * while the window is open (what it says comes from {@link ForwardsText}). FX thread only.
 */
final class ForwardsView {
    private ForwardsView() {
    }

    /**
     * @param states the current connection's forwards, or empty when not connected; read on the FX thread, so it
     *               must not block (a forward's state is a snapshot)
     */
    static Dialog<Void> show(Window owner, String title, Supplier<Optional<List<ForwardState>>> states) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initModality(javafx.stage.Modality.NONE);
        Dialogs.prepare(dialog, owner, "Port forwards \u2013 " + title);
        dialog.getDialogPane().setId("forwardsView");
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        GridPane grid = new GridPane();
        grid.setId("forwardsGrid");
        grid.setHgap(16);
        grid.setVgap(4);
        Label empty = new Label();
        empty.setId("forwardsEmpty");
        empty.setWrapText(true);
        VBox content = new VBox(8, grid, empty);
        content.setPadding(new javafx.geometry.Insets(8, 12, 4, 12));
        content.setPrefWidth(760);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefWidth(800);
        dialog.setResizable(true);

        java.util.concurrent.atomic.AtomicReference<List<ForwardsText.Row>> shown =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable refresh = () -> {
            Optional<List<ForwardState>> now = states.get();
            List<ForwardsText.Row> rows = ForwardsText.rows(now.orElse(List.of()));
            boolean nothing = rows.isEmpty();
            empty.setText(nothing ? ForwardsText.empty(now.isPresent()) : "");
            empty.setVisible(nothing);
            empty.setManaged(nothing);
            if (rows.equals(shown.get())) {
                return; // unchanged: no relayout
            }
            shown.set(rows);
            grid.getChildren().clear();
            if (nothing) {
                return;
            }
            String[] headers = {"Forward", "State", "Open", "Connections", "Bytes"};
            for (int c = 0; c < headers.length; c++) {
                Label header = new Label(headers[c]);
                header.getStyleClass().add("section-title");
                header.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.add(header, c, 0);
            }
            for (int r = 0; r < rows.size(); r++) {
                ForwardsText.Row row = rows.get(r);
                String[] cells = {row.description(), row.state(), row.open(), row.connections(), row.bytes()};
                for (int c = 0; c < cells.length; c++) {
                    Label cell = new Label(cells[c]);
                    cell.setId("forward-" + r + "-" + c);
                    if (c <= 1) {
                        // the words wrap; the counts never shrink to "..."
                        cell.setWrapText(true);
                        cell.setMaxWidth(c == 0 ? 300 : 220);
                    } else {
                        cell.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                    }
                    grid.add(cell, c, r + 1);
                }
            }
        };
        refresh.run();
        FxTicker.Ticking ticking = FxTicker.every(refresh);
        dialog.setOnHidden(e -> ticking.close());
        dialog.show();
        return dialog;
    }
}
