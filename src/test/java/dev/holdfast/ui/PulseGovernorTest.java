package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Await;
import dev.holdfast.testing.Clicks;
import java.time.Duration;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real toolkit timer's period (read from the timer itself) under the governor, on Monocle, whose timer cannot
 * pause, like GTK's: slow when no input has come, fast from a click or a key, slow again a spell after the last.
 * The test JVM runs JavaFX at its default 60 Hz (the launcher's 240 is not set here), so the slow rate here is
 * 30 Hz and the fast one the toolkit's own: the test checks the switching, not the rates (BENCHMARKS.md has
 * those).
 */
@ExtendWith(ApplicationExtension.class)
class PulseGovernorTest {
    private static final long SPELL_MILLIS = 400;
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final int SLOW = 33;
    private TextField field;

    @Start
    void start(Stage stage) {
        field = new TextField();
        stage.setScene(new Scene(new VBox(field), 240, 60));
        stage.show();
    }

    private static double period(PulseGovernor governor) {
        try {
            return WaitForAsyncUtils.asyncFx(governor::periodMillis).get();
        } catch (Exception e) {
            throw new AssertionError("the timer's period could not be read", e);
        }
    }

    @Test
    void slowWhenIdleFastFromAnInputSlowAgainASpellAfterTheLast(FxRobot robot) throws Exception {
        Optional<PulseGovernor> found = WaitForAsyncUtils.asyncFx(() -> PulseGovernor.everywhere(SPELL_MILLIS, SLOW)).get();
        assertTrue(found.isPresent(), "Monocle's timer is governed (like GTK's)");
        PulseGovernor governor = found.get();
        try {
            governs(robot, governor);
        } finally {
            robot.interact(governor::stop); // the other tests in this JVM keep the toolkit's own rate
        }
        assertTrue(period(governor) == governor.fastPeriodMillis(), "stopped: the toolkit's own period again");
    }

    private void governs(FxRobot robot, PulseGovernor governor) throws Exception {
        int fast = governor.fastPeriodMillis();
        Await.until("the pulse slow with no input", LIMIT, () -> period(governor) == SLOW,
                () -> "period " + period(governor));
        // the fast period is set by the input event itself, before anything could turn it back
        double[] atInput = new double[1];
        robot.interact(() -> field.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            try {
                atInput[0] = governor.periodMillis();
            } catch (IllegalAccessException ex) {
                throw new AssertionError(ex);
            }
        }));
        Clicks.on(robot, field);
        assertTrue(atInput[0] == fast, "a click makes it fast at once: " + atInput[0]);
        Await.until("the pulse slow again after the spell", LIMIT,
                () -> period(governor) == SLOW, () -> "period " + period(governor));
    }
}
