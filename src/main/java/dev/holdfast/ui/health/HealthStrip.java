package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.lifecycle.LinkStatus;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import dev.holdfast.ui.FxTicker;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Circle;

/**
 * The strip under a terminal ("probes 12 · replies 12 · unanswered 0/3 · rtt 1.3 ms · server silent 4 s")
 * and the state dot on the tab, sampled from the keepalive counters four times a second ({@link FxTicker},
 * which unlike a Timeline leaves JavaFX's pulse asleep when nothing changes). FX thread only.
 *
 * <p>Only the tab in view redraws its strip: every label change costs a layout and render pass, and 50
 * idle tabs updating theirs 4 times a second took about 45 % of a core (BENCHMARKS.md). The dot stays live
 * on every tab.
 */
public final class HealthStrip {
    private final Label strip = new Label();
    private final Circle dot = new Circle(4);
    private final FxTicker.Ticking sampler;
    private final Supplier<Optional<HealthSnapshot>> health;
    private final Supplier<? extends LinkStatus<?>> status;
    private final BooleanSupplier inView;
    private final StripModel model = new StripModel();
    private Supplier<Optional<dev.holdfast.keepalive.HopHealth>> hop = Optional::empty;

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
        sampler = FxTicker.every(this::refresh);
    }

    /** For a connection through jump hosts: the first hop's health, shown after the target's figures. */
    public void watchHop(Supplier<Optional<dev.holdfast.keepalive.HopHealth>> firstHop) {
        this.hop = firstHop;
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
        boolean shown = inView.getAsBoolean();
        StripModel.Reading reading = model.read(now, snapshot, hop.get(), System.nanoTime(), shown);
        if (shown && !reading.text().equals(strip.getText())) {
            strip.setText(reading.text());
        }
        if (!strip.getStyleClass().contains(reading.stateClass())) {
            strip.getStyleClass().removeIf(c -> c.startsWith("strip-"));
            strip.getStyleClass().add(reading.stateClass());
        }
        setDot(reading.dotClass());
    }

    public void stop() {
        sampler.close();
    }

    private void setDot(String styleClass) {
        if (!dot.getStyleClass().contains(styleClass)) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add(styleClass);
        }
    }
}
