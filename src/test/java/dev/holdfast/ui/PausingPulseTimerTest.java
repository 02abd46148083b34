package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real toolkit on Monocle, whose own timer ignores JavaFX's pause, like GTK's: with the pausing timer in
 * place, an app with nothing to draw stops ticking (at the first tick that finds nothing to do), a change to
 * the scene is still laid out and drawn, and a running animation keeps it ticking. The window holds no text field, whose blinking caret is an animation.
 */
@ExtendWith(ApplicationExtension.class)
class PausingPulseTimerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    /** A window as long as 30 ticks at JavaFX's default 60 Hz: a timer that ticked on would show it. */
    private static final long QUIET_MILLIS = 500;
    private Label label;
    private PausingPulseTimer timer;

    @Start
    void start(Stage stage) {
        // windows left by earlier tests in this JVM (a focused field's blinking caret is an animation) would
        // keep pulses wanted: only this one stays
        new java.util.ArrayList<>(javafx.stage.Window.getWindows()).stream().filter(w -> w != stage)
                .forEach(javafx.stage.Window::hide);
        label = new Label("idle");
        stage.setScene(new Scene(new VBox(label), 240, 60));
        stage.show();
    }

    @BeforeEach
    void install() throws Exception {
        Optional<PausingPulseTimer> installed = WaitForAsyncUtils.asyncFx(PausingPulseTimer::install).get();
        assertTrue(installed.isPresent(), "Monocle's timer is replaced (like GTK's)");
        timer = installed.get();
        assertTrue(WaitForAsyncUtils.asyncFx(PausingPulseTimer::install).get().orElseThrow() == timer,
                "installed once: a second call finds the first");
    }

    @AfterEach
    void uninstall(FxRobot robot) {
        // the other tests in this JVM keep the toolkit's own timer
        robot.interact(() -> {
            try {
                timer.uninstall();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void stopsTickingWithNothingToDrawAndStillDrawsAChange(FxRobot robot) throws Exception {
        Await.until("the timer paused with nothing to draw", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
        long atPause = timer.ticks();
        long pausedAt = System.nanoTime();
        Await.until("a quiet window of " + QUIET_MILLIS + " ms", LIMIT,
                () -> System.nanoTime() - pausedAt >= QUIET_MILLIS * 1_000_000);
        assertTrue(timer.paused(), "nothing asked for a pulse, so it stays paused");
        assertEquals(atPause, timer.ticks(), "no tick while paused");

        double before = width();
        robot.interact(() -> label.setText("a change, with a longer text than before"));
        // the label's new width is laid out in a pulse: only a resumed timer gives one
        Await.until("the change laid out", LIMIT, () -> width() > before,
                () -> "ticks " + timer.ticks() + ", paused " + timer.paused());
        long drawn = timer.ticks();
        assertTrue(drawn > atPause, "it ticked again for the change");
        Await.until("paused again once drawn", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
        // at the first tick with nothing to do, not after JavaFX's own 250 ms of them (about 15 ticks at 60 Hz)
        assertTrue(timer.ticks() - drawn < 8, "ticks from the change laid out to the pause: "
                + (timer.ticks() - drawn));
    }

    @Test
    void aNewPeriodWhilePausedWaitsForTheNextPulse(FxRobot robot) throws Exception {
        Await.until("the timer paused with nothing to draw", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
        int own = timer.periodMillis();
        try {
            // what the pulse governor does when it slows the pulse down
            robot.interact(() -> timer.start(33));
            assertTrue(timer.paused(), "a new period alone does not start the ticks again");
            assertEquals(33, timer.periodMillis());
            double before = width();
            robot.interact(() -> label.setText("a change, with a longer text than before"));
            Await.until("the change laid out", LIMIT, () -> width() > before,
                    () -> "ticks " + timer.ticks() + ", paused " + timer.paused());
            Await.until("paused again once drawn", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
        } finally {
            robot.interact(() -> timer.start(own)); // the toolkit's own period for the tests after this one
        }
    }

    private double width() throws Exception {
        return WaitForAsyncUtils.asyncFx(label::getWidth).get();
    }

    @Test
    void aRunningAnimationKeepsItTicking(FxRobot robot) throws Exception {
        Await.until("the timer paused with nothing to draw", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
        AtomicLong frames = new AtomicLong();
        AnimationTimer animation = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames.incrementAndGet();
            }
        };
        robot.interact(animation::start);
        try {
            // 40 frames take 0.67 s at 60 Hz, past the 250 ms after which the toolkit would pause an idle timer
            Await.until("40 frames of a running animation", LIMIT, () -> frames.get() >= 40,
                    () -> "frames " + frames.get() + ", paused " + timer.paused());
            assertFalse(timer.paused(), "not paused while an animation runs");
        } finally {
            robot.interact(animation::stop);
        }
        Await.until("paused once the animation stopped", LIMIT, timer::paused, () -> "ticks " + timer.ticks());
    }
}
