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
 * of the server's silence, and four times a second while a probe waits for its reply
 * ({@link #untilNextRefreshMillis}, on {@link FxTicker}, which unlike a Timeline leaves JavaFX's pulse
 * asleep), so the seconds figure turns on time and a probe and its reply show as soon as they did with a
 * sampler running all the time (only a null packet's count can be up to a second late). A tab not in view has no timer at all: its dot changes only with the connection's state, and
 * {@link #refresh} is called at every state change (suspect, dead, alive, checking, reconnecting) and when the
 * tab comes into view. Every label change costs a layout and render pass: 50 idle tabs updating theirs 4
 * times a second took about 45 % of a core, and sampling 50 dots 4 times a second kept the FX thread
 * waking with nothing to change (BENCHMARKS.md).
 */
public final class HealthStrip {
    private final Label strip = new Label();
    private final Circle dot = new Circle(4);
    /** How often the strip in view samples while a probe is out: as often as every strip did before. */
    static final long WHILE_OUT_MILLIS = 250;
    private FxTicker.Ticking next = () -> { };
    private boolean stopped;
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

    /**
     * Samples now (the tab came into view, or its state changed); while in view, again when the text can next
     * change ({@link #untilNextRefreshMillis}).
     */
    public void refresh() {
        next.close();
        if (stopped) {
            return;
        }
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
        if (shown) {
            next = FxTicker.after(untilNextRefreshMillis(snapshot), this::refresh);
        }
    }

    public void stop() {
        stopped = true;
        next.close();
    }

    /**
     * Milliseconds until the strip in view samples again (at least 1): when the server's silence next reaches a
     * whole second, where the seconds figure turns and a probe falls due; sooner, every
     * {@link #WHILE_OUT_MILLIS}, while a probe or a check waits for its answer, so a reply shows as soon as
     * it would with a sampler running all the time; a second without a snapshot (connecting: the text
     * changes with the state, which refreshes).
     */
    static long untilNextRefreshMillis(Optional<HealthSnapshot> snapshot) {
        if (snapshot.isEmpty()) {
            return 1000;
        }
        HealthSnapshot s = snapshot.get();
        long second = TimeUnit.SECONDS.toNanos(1);
        long left = second - Math.max(0, s.serverSilent().toNanos()) % second;
        long untilSecond = Math.max(1, (left + 999_999) / 1_000_000);
        boolean waiting = s.state() != HealthSnapshot.State.DEAD && (s.unanswered() > 0 || s.checking().isPresent());
        return waiting ? Math.min(WHILE_OUT_MILLIS, untilSecond) : untilSecond;
    }

    private void setDot(String styleClass) {
        if (!dot.getStyleClass().contains(styleClass)) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add(styleClass);
        }
    }
}
