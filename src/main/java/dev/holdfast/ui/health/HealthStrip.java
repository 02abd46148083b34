package dev.holdfast.ui.health;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.lifecycle.LinkStatus;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import dev.holdfast.ui.FxTicker;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Circle;

/**
 * The strip under a terminal ("probes 12 · replies 12 · unanswered 0/3 · rtt 1.3 ms · server silent 4 s")
 * and the state dot on the tab. FX thread only.
 *
 * <p>Only the tab in view samples on a clock, and only when its text next changes: at the next whole second
 * of the server's silence ({@link #untilNextSecondMillis}, on {@link FxTicker}, which unlike a Timeline
 * leaves JavaFX's pulse asleep), so the seconds figure turns on time and the counters are at most a second
 * old. A tab not in view has no timer at all: its dot changes only with the connection's state, and
 * {@link #refresh} is called at every state change (suspect, dead, alive, checking, reconnecting) and when the
 * tab comes into view. Every label change costs a layout and render pass: 50 idle tabs updating theirs 4
 * times a second took about 45 % of a core, and sampling 50 dots 4 times a second kept the FX thread
 * waking with nothing to change (BENCHMARKS.md).
 */
public final class HealthStrip {
    private final Label strip = new Label();
    private final Circle dot = new Circle(4);
    private FxTicker.Ticking next = () -> { };
    private boolean stopped;
    private final Supplier<Optional<HealthSnapshot>> health;
    private final Supplier<? extends LinkStatus<?>> status;
    private final BooleanSupplier inView;
    private final StripModel model = new StripModel();

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
    }

    public Label strip() {
        return strip;
    }

    public Circle dot() {
        return dot;
    }

    /**
     * Samples now (the tab came into view, or its state changed); while in view, again when the seconds figure
     * next turns.
     */
    public void refresh() {
        next.close();
        if (stopped) {
            return;
        }
        LinkStatus<?> now = status.get();
        Optional<HealthSnapshot> snapshot = health.get();
        boolean shown = inView.getAsBoolean();
        StripModel.Reading reading = model.read(now, snapshot, shown);
        if (shown && !reading.text().equals(strip.getText())) {
            strip.setText(reading.text());
        }
        if (!strip.getStyleClass().contains(reading.stateClass())) {
            strip.getStyleClass().removeIf(c -> c.startsWith("strip-"));
            strip.getStyleClass().add(reading.stateClass());
        }
        setDot(reading.dotClass());
        if (shown) {
            next = FxTicker.after(untilNextSecondMillis(snapshot), this::refresh);
        }
    }

    public void stop() {
        stopped = true;
        next.close();
    }

    /**
     * Milliseconds until the server's silence next reaches a whole second, when the strip's text changes (at
     * least 1); a second without a snapshot (connecting: the text changes with the state, which refreshes).
     */
    static long untilNextSecondMillis(Optional<HealthSnapshot> snapshot) {
        if (snapshot.isEmpty()) {
            return 1000;
        }
        long second = TimeUnit.SECONDS.toNanos(1);
        long left = second - Math.max(0, snapshot.get().serverSilent().toNanos()) % second;
        return Math.max(1, (left + 999_999) / 1_000_000);
    }

    private void setDot(String styleClass) {
        if (!dot.getStyleClass().contains(styleClass)) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add(styleClass);
        }
    }
}
