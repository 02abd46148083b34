package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.lifecycle.LinkState;
import dev.holdfast.lifecycle.LinkStatus;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Circle;

/**
 * The strip under a terminal ("probes 12 · replies 12 · unanswered 0/3 · rtt 1.3 ms · server silent 4 s")
 * and the state dot on the tab, sampled from the keepalive counters four times a second. FX thread only.
 *
 * <p>Only the tab in view redraws its strip: every label change costs a layout and render pass, and 50
 * idle tabs updating theirs 4 times a second took about 45 % of a core (BENCHMARKS.md). The dot stays live
 * on every tab.
 */
public final class HealthStrip {
    private final Label strip = new Label();
    private final Circle dot = new Circle(4);
    private final Timeline sampler;
    private final Supplier<Optional<HealthSnapshot>> health;
    private final Supplier<? extends LinkStatus<?>> status;
    private final BooleanSupplier inView;

    /**
     * @param onClick opens the details (every counter and the event log)
     * @param inView whether the strip's tab is the one shown
     */
    public HealthStrip(Supplier<Optional<HealthSnapshot>> health, Supplier<? extends LinkStatus<?>> status,
                       BooleanSupplier inView, Runnable onClick) {
        this.health = health;
        this.status = status;
        this.inView = inView;
        strip.setId("healthStrip");
        strip.getStyleClass().add("health-strip");
        strip.setMaxWidth(Double.MAX_VALUE);
        strip.setOnMouseClicked(e -> onClick.run());
        strip.setTooltip(new Tooltip("Click for every counter and the connection's event log"));
        dot.getStyleClass().addAll("health-dot", "dot-connecting");
        dot.setId("healthDot");
        sampler = new Timeline(new KeyFrame(javafx.util.Duration.millis(250), e -> refresh()));
        sampler.setCycleCount(Animation.INDEFINITE);
        sampler.play();
    }

    public Label strip() {
        return strip;
    }

    public Circle dot() {
        return dot;
    }

    /** Samples now (the tab came into view, or its state changed). */
    public void refresh() {
        LinkStatus<?> now = status.get();
        Optional<HealthSnapshot> snapshot = health.get();
        String text = text(now, snapshot);
        if (inView.getAsBoolean() && !text.equals(strip.getText())) {
            strip.setText(text);
        }
        setDot(dotClass(now, snapshot));
    }

    public void stop() {
        sampler.stop();
    }

    /** What the strip says for a state and the counters. */
    static String text(LinkStatus<?> status, Optional<HealthSnapshot> snapshot) {
        if (snapshot.isEmpty()) {
            return status.state().connecting() ? "connecting\u2026" : "";
        }
        HealthSnapshot s = snapshot.get();
        String text = HealthText.strip(s);
        if (status.state().live() && status.checking().isPresent()) {
            return status.checking().get().strip() + " \u00b7 " + text;
        }
        boolean gone = status.state() == LinkState.DEAD || status.state() == LinkState.COUNTDOWN
                || status.state() == LinkState.ENDED || status.state() == LinkState.FAILED;
        if (gone && s.state() != HealthSnapshot.State.DEAD) {
            return "disconnected \u00b7 " + text;
        }
        if (status.state().connecting()) {
            return "reconnecting\u2026 \u00b7 " + text;
        }
        return text;
    }

    static String dotClass(LinkStatus<?> status, Optional<HealthSnapshot> snapshot) {
        LinkState state = status.state();
        if (state.connecting()) {
            return "dot-connecting";
        }
        if (!state.live()) {
            return "dot-dead";
        }
        if (state == LinkState.SUSPECT || status.checking().isPresent()) {
            return "dot-suspect";
        }
        return snapshot.map(s -> HealthText.dotClass(s.state())).orElse("dot-connecting");
    }

    private void setDot(String styleClass) {
        if (!dot.getStyleClass().contains(styleClass)) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add(styleClass);
        }
    }
}
