package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.ui.FxTicker;
import dev.holdfast.ui.dialogs.Dialogs;
import java.util.List;
import java.util.function.Supplier;
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

/** Every counter of one connection, recent round-trip times, the TCP keepalive in force and the event log. */
public final class HealthDetails {
    private HealthDetails() {
    }

    /** "bastion:2222 · probes 12 / replies 12 · rtt 1.3 ms · silent 0 s · via …" for the details' row. */
    static String hopRow(dev.holdfast.keepalive.HopHealth hop, HealthSnapshot target, long nowNanos) {
        String words = HealthText.hop(hop, target, nowNanos);
        return hop.endpoint() + " \u00b7 probes " + hop.probesSent() + " / replies " + hop.repliesReceived()
                + " \u00b7 rtt " + HealthText.millis(hop.lastRtt()) + " \u00b7 silent "
                + HealthText.seconds(hop.silent(nowNanos)) + (words.startsWith("via ") ? "" : " \u00b7 " + words);
    }

    /**
     * Shows the details, refreshed twice a second while open.
     *
     * @param rtts recent round-trip times in milliseconds, oldest first
     */
    public static Dialog<Void> show(Window owner, String title, Supplier<HealthSnapshot> snapshot,
                                    Supplier<List<Double>> rtts, Supplier<String> tcp, Supplier<List<String>> events) {
        return show(owner, title, snapshot, rtts, tcp, events, java.util.Optional::empty);
    }

    /**
     * As above, for a connection through jump hosts: a row for the first hop (its probes, answers, round trip,
     * how long it has been silent, and whether the target's silence is beyond it).
     */
    public static Dialog<Void> show(Window owner, String title, Supplier<HealthSnapshot> snapshot,
                                    Supplier<List<Double>> rtts, Supplier<String> tcp, Supplier<List<String>> events,
                                    Supplier<java.util.Optional<dev.holdfast.keepalive.HopHealth>> firstHop) {
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
        javafx.scene.layout.Pane plot = new javafx.scene.layout.Pane(sparkline);
        plot.setId("rttChart");
        plot.getStyleClass().add("rtt-plot");
        plot.setMinSize(RttChart.WIDTH, RttChart.HEIGHT);
        plot.setPrefSize(RttChart.WIDTH, RttChart.HEIGHT);
        plot.setMaxSize(RttChart.WIDTH, RttChart.HEIGHT);
        Label maxLabel = new Label();
        maxLabel.setId("rttMax");
        Label minLabel = new Label();
        minLabel.setId("rttMin");
        maxLabel.getStyleClass().add("axis-label");
        minLabel.getStyleClass().add("axis-label");
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        VBox.setVgrow(gap, Priority.ALWAYS);
        VBox axis = new VBox(maxLabel, gap, minLabel);
        axis.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox chart = new HBox(6, axis, plot);
        Label sparkCaption = new Label();
        sparkCaption.getStyleClass().add("derived");
        TextArea log = new TextArea();
        log.setId("eventLog");
        log.setEditable(false);
        log.setPrefRowCount(12);
        log.setPrefColumnCount(80);
        // wrapped, so a long line never scrolls the times at the start of each line out of view
        log.setWrapText(true);
        VBox.setVgrow(log, Priority.ALWAYS);
        log.getStyleClass().add("monospace");
        Button copy = new Button("Copy log");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(log.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox logHeader = new HBox(8, new Label("Event log"), new javafx.scene.layout.Region(), copy);
        HBox.setHgrow(logHeader.getChildren().get(1), Priority.ALWAYS);
        Label chartTitle = new Label("Round-trip times (recent probes)");
        chartTitle.getStyleClass().add("section-title");
        VBox content = new VBox(10, counters, chartTitle, chart, sparkCaption, logHeader, log);
        content.setId("healthContent");
        content.getStyleClass().add("health-details");
        content.setPadding(new javafx.geometry.Insets(8, 12, 4, 12));
        dialog.getDialogPane().setContent(content);

        Runnable refresh = () -> {
            HealthSnapshot s = snapshot.get();
            long now = System.nanoTime();
            counters.getChildren().clear();
            java.util.Optional<dev.holdfast.keepalive.HopHealth> hop = firstHop.get();
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
                {"TCP keepalive", tcp.get()},
                {"Jump host", hop.map(h -> hopRow(h, s, now)).orElse("none (a direct connection)")}};
            for (int i = 0; i < rows.length; i++) {
                Label value = new Label(rows[i][1]);
                value.setId("health-" + i);
                counters.addRow(i, new Label(rows[i][0]), value);
            }
            List<Double> values = rtts.get();
            sparkline.getPoints().setAll(RttChart.points(values, RttChart.WIDTH, RttChart.HEIGHT));
            double max = RttChart.max(values);
            maxLabel.setText(values.isEmpty() ? "" : RttChart.label(max));
            minLabel.setText(values.isEmpty() ? "" : RttChart.label(RttChart.min(values)));
            sparkCaption.setText(values.isEmpty() ? "no answered probes yet"
                    : values.size() + " probes, highest " + RttChart.label(max) + ", lowest "
                            + RttChart.label(RttChart.min(values)));
            String text = String.join("\n", events.get());
            if (!text.equals(log.getText())) {
                log.setText(text);
                log.positionCaret(text.length());
                log.setScrollLeft(0);
            }
        };
        refresh.run();
        // FxTicker, not a Timeline: an animation would keep every pulse running while the window is open
        FxTicker.Ticking ticking = FxTicker.every(refresh);
        dialog.setOnHidden(e -> ticking.close());
        dialog.show();
        return dialog;
    }
}
