package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.ui.dialogs.Dialogs;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polyline;
import javafx.stage.Window;
import javafx.util.Duration;

/** Every counter of one connection, recent round-trip times, the TCP keepalive in force and the event log. */
public final class HealthDetails {
    private HealthDetails() {
    }

    /**
     * Shows the details, refreshed twice a second while open.
     *
     * @param rtts recent round-trip times in milliseconds, oldest first
     */
    public static Dialog<Void> show(Window owner, String title, Supplier<HealthSnapshot> snapshot,
                                    Supplier<List<Double>> rtts, Supplier<String> tcp, Supplier<List<String>> events) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initModality(javafx.stage.Modality.NONE);
        Dialogs.prepare(dialog, owner, "Connection health \u2013 " + title);
        dialog.getDialogPane().setId("healthDetails");
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        GridPane counters = new GridPane();
        counters.setHgap(16);
        counters.setVgap(4);
        counters.setId("healthCounters");
        Polyline sparkline = new Polyline();
        sparkline.getStyleClass().add("sparkline");
        Label sparkCaption = new Label();
        sparkCaption.getStyleClass().add("derived");
        TextArea log = new TextArea();
        log.setId("eventLog");
        log.setEditable(false);
        log.setPrefRowCount(12);
        log.setPrefColumnCount(80);
        log.getStyleClass().add("monospace");
        Button copy = new Button("Copy log");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(log.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox logHeader = new HBox(8, new Label("Event log"), new javafx.scene.layout.Region(), copy);
        HBox.setHgrow(logHeader.getChildren().get(1), Priority.ALWAYS);
        VBox content = new VBox(10, counters, new Label("Round-trip times (recent probes)"), sparkline, sparkCaption,
                logHeader, log);
        dialog.getDialogPane().setContent(content);

        Runnable refresh = () -> {
            HealthSnapshot s = snapshot.get();
            counters.getChildren().clear();
            String[][] rows = {
                {"State", s.state().toString().toLowerCase(java.util.Locale.ROOT)},
                {"Keepalive", s.mode().shortLabel() + s.deadCause().map(c -> " \u2013 " + c).orElse("")},
                {"Probes sent / replies", s.probesSent() + " / " + s.repliesReceived()},
                {"Unanswered in a row", s.unanswered() + " of " + s.countMax()},
                {"Null packets sent", String.valueOf(s.nullPacketsSent())},
                {"Round trip last / min / avg / max", HealthText.millis(s.lastRtt()) + " / "
                        + HealthText.millis(s.minRtt()) + " / " + HealthText.millis(s.avgRtt()) + " / "
                        + HealthText.millis(s.maxRtt())},
                {"Server silent for", HealthText.seconds(s.serverSilent())},
                {"Bytes in / out", s.bytesIn() + " / " + s.bytesOut()},
                {"TCP keepalive", tcp.get()}};
            for (int i = 0; i < rows.length; i++) {
                Label value = new Label(rows[i][1]);
                value.setId("health-" + i);
                counters.addRow(i, new Label(rows[i][0]), value);
            }
            List<Double> values = rtts.get();
            sparkline.getPoints().clear();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            for (int i = 0; i < values.size(); i++) {
                sparkline.getPoints().addAll(i * 6.0, 40 - 40 * values.get(i) / Math.max(max, 0.001));
            }
            sparkCaption.setText(values.isEmpty() ? "no answered probes yet"
                    : values.size() + " probes, highest " + String.format(java.util.Locale.ROOT, "%.1f ms", max));
            String text = String.join("\n", events.get());
            if (!text.equals(log.getText())) {
                log.setText(text);
                log.positionCaret(text.length());
            }
        };
        refresh.run();
        Timeline timeline = new Timeline(new KeyFrame(Duration.millis(500), e -> refresh.run()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
        dialog.setOnHidden(e -> timeline.stop());
        dialog.show();
        return dialog;
    }
}
