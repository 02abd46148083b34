package dev.holdfast.ui.editor;

import dev.holdfast.keepalive.DeadPeerRule;
import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.Settings;
import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The per-session keepalive panel: SSH keepalive mode, interval and CountMax with the derived time to
 * "declared dead", and the TCP keepalive section, which is disabled with a reason where the OS does not
 * let us tune it.
 */
final class KeepalivePanel {
    private KeepalivePanel() {
    }

    static Node build(EditorModel model) {
        Node ssh = sshSection(model);
        Node tcp = tcpSection(model);
        ssh.getStyleClass().add("keepalive-section");
        tcp.getStyleClass().add("keepalive-section");
        VBox panel = new VBox(12, ssh, tcp);
        panel.setId("keepalivePanel");
        return panel;
    }

    private static Node sshSection(EditorModel model) {
        FieldState<KeepaliveMode> mode = model.field(Settings.KEEPALIVE_MODE);
        FieldRows rows = new FieldRows(model);
        Label title = new Label("SSH keepalive");
        title.getStyleClass().add("section-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, title, spacer, rows.status(mode));

        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(6);
        choices.setPadding(new Insets(2, 0, 6, 12));
        for (KeepaliveMode option : KeepaliveMode.values()) {
            RadioButton radio = new RadioButton(option.description());
            radio.setId("keepalive-" + option.jsonName());
            radio.setUserData(option);
            radio.setWrapText(true);
            radio.setMnemonicParsing(false);
            radio.setToggleGroup(group);
            radio.setSelected(option == mode.valueOrInherited());
            choices.getChildren().add(radio);
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                mode.choose((KeepaliveMode) now.getUserData());
            }
        });
        mode.parsed().addListener((obs, old, now) -> {
            if (now.isOk()) {
                group.getToggles().stream().filter(t -> t.getUserData() == now.value()).findFirst()
                        .ifPresent(t -> t.setSelected(true));
            }
        });

        rows.text(Settings.KEEPALIVE_INTERVAL, "s", "15");
        rows.text(Settings.KEEPALIVE_COUNT_MAX, "", "3");
        Label deadAfter = new Label();
        deadAfter.setId("deadAfter");
        deadAfter.getStyleClass().add("derived");
        deadAfter.setWrapText(true);
        deadAfter.textProperty().bind(deadAfterText(model));
        rows.note(deadAfter);
        Label cost = new Label();
        cost.setId("keepaliveCost");
        cost.getStyleClass().add("derived");
        cost.setWrapText(true);
        cost.textProperty().bind(costText(model));
        rows.note(cost);
        Label guidance = new Label(GUIDANCE);
        guidance.setId("keepaliveGuidance");
        guidance.getStyleClass().add("derived");
        guidance.setWrapText(true);
        rows.note(guidance);
        return new VBox(4, header, choices, rows.grid());
    }

    /** How to choose: what probes do besides detecting, and what bounds the interval. */
    static final String GUIDANCE = "Probes and null packets also keep NAT and firewall mappings open. Keep the"
            + " Interval below the shortest idle timeout on the path: home routers and mobile carriers often forget"
            + " an idle connection after a few minutes, some firewalls after less.";

    static StringBinding costText(EditorModel model) {
        FieldState<KeepaliveMode> mode = model.field(Settings.KEEPALIVE_MODE);
        FieldState<Integer> interval = model.field(Settings.KEEPALIVE_INTERVAL);
        return Bindings.createStringBinding(() -> {
            Parsed<KeepaliveMode> m = mode.parsed().get();
            Parsed<Integer> i = interval.parsed().get();
            if (!m.isOk() || !i.isOk()) {
                return "";
            }
            return DeadPeerRule.trafficPerHour(m.value(), Duration.ofSeconds(i.value())).orElse("");
        }, mode.parsed(), interval.parsed());
    }

    static StringBinding deadAfterText(EditorModel model) {
        FieldState<KeepaliveMode> mode = model.field(Settings.KEEPALIVE_MODE);
        FieldState<Integer> interval = model.field(Settings.KEEPALIVE_INTERVAL);
        FieldState<Integer> countMax = model.field(Settings.KEEPALIVE_COUNT_MAX);
        return Bindings.createStringBinding(() -> {
            Parsed<KeepaliveMode> m = mode.parsed().get();
            Parsed<Integer> i = interval.parsed().get();
            Parsed<Integer> c = countMax.parsed().get();
            if (!m.isOk() || (m.value() != KeepaliveMode.OFF && !i.isOk())
                    || (m.value() == KeepaliveMode.PROBE && !c.isOk())) {
                return "Enter a valid interval and CountMax to see when a silent server is declared dead.";
            }
            int seconds = i.isOk() ? i.value() : 0;
            int count = c.isOk() ? c.value() : 1;
            return DeadPeerRule.describe(m.value(), Duration.ofSeconds(seconds), count);
        }, mode.parsed(), interval.parsed(), countMax.parsed());
    }

    private static Node tcpSection(EditorModel model) {
        FieldRows rows = new FieldRows(model);
        Label title = new Label("TCP keepalive");
        title.getStyleClass().add("section-title");
        rows.check(Settings.TCP_KEEPALIVE, "Send TCP keepalives (SO_KEEPALIVE)");
        rows.text(Settings.TCP_KEEP_IDLE, "s", "60");
        rows.text(Settings.TCP_KEEP_INTERVAL, "s", "10");
        rows.text(Settings.TCP_KEEP_COUNT, "", "6");
        Label explanation = new Label();
        explanation.setId("tcpExplanation");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("derived");
        FieldState<Boolean> enabled = model.field(Settings.TCP_KEEPALIVE);
        FieldState<Integer> idle = model.field(Settings.TCP_KEEP_IDLE);
        FieldState<Integer> every = model.field(Settings.TCP_KEEP_INTERVAL);
        FieldState<Integer> count = model.field(Settings.TCP_KEEP_COUNT);
        explanation.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!model.tcpSupport().tuningSupported()) {
                return model.tcpSupport().explanation();
            }
            if (!enabled.valueOrInherited()) {
                return "Off: the operating system does not probe this connection.";
            }
            if (!idle.parsed().get().isOk() || !every.parsed().get().isOk() || !count.parsed().get().isOk()) {
                return "Enter valid values to see when the operating system gives up.";
            }
            int total = idle.parsed().get().value() + every.parsed().get().value() * count.parsed().get().value();
            return "The operating system drops the connection about " + total
                    + " s after the network goes quiet. TCP keepalives are answered by the remote kernel,"
                    + " and some firewalls ignore them; SSH probes are the reliable check.";
        }, enabled.parsed(), idle.parsed(), every.parsed(), count.parsed()));
        rows.note(explanation);
        return new VBox(4, title, rows.grid());
    }
}
