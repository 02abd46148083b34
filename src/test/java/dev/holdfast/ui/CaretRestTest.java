package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.Clicks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A focused field's caret blinks (JavaFX's own timeline: 0.5 s shown, 0.5 s hidden), stops blinking, shown, once
 * the window has been left alone for the rest time, and blinks again after a key. Seen the way a person sees it:
 * the caret's opacity, sampled on the FX thread. The control case, a window without it, still blinks.
 */
@ExtendWith(ApplicationExtension.class)
class CaretRestTest {
    private static final long REST_MILLIS = 1_500;
    /** Longer than a blink's shown half (0.5 s) with room for a late frame: a caret shown this long rests. */
    private static final Duration STEADY = Duration.ofMillis(1_300);
    private static final Duration LIMIT = Duration.ofSeconds(15);

    private Stage stage;
    private TextField field;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        field = new TextField();
        stage.setScene(new Scene(new VBox(field, new TextField()), 320, 90));
        stage.show();
    }

    private double caretOpacity() throws InterruptedException, ExecutionException {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<Path> carets = field.lookupAll("Path").stream().filter(Path.class::isInstance).map(Path.class::cast)
                    .filter(p -> p.opacityProperty().isBound()).toList();
            if (carets.size() != 1) {
                throw new AssertionError("one caret path expected in the field's skin, found " + carets.size());
            }
            return carets.get(0).getOpacity();
        }).get();
    }

    /** Whether the caret was seen hidden (a blink) within {@code limit}. */
    private boolean blinks(Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (caretOpacity() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits until the caret has been shown without a break for {@link #STEADY}; false if not within the limit. */
    private boolean rests(Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        long shownSince = System.nanoTime();
        while (System.nanoTime() < end) {
            if (caretOpacity() == 0) {
                shownSince = System.nanoTime();
            } else if (System.nanoTime() - shownSince >= STEADY.toNanos()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void theCaretRestsShownAfterTheRestTimeAndBlinksAgainAfterAKey(FxRobot robot) throws Exception {
        robot.interact(() -> CaretRest.install(stage, REST_MILLIS));
        Clicks.on(robot, field);
        assertTrue(blinks(LIMIT), "the focused field's caret blinks at first");
        assertTrue(rests(LIMIT), "then rests, shown");
        robot.write("a");
        assertTrue(blinks(LIMIT), "a key makes it blink again");
        assertTrue(rests(LIMIT), "and it rests again");
        Clicks.on(robot, field);
        assertTrue(blinks(LIMIT), "a click makes it blink again");
    }

    @Test
    void withoutItTheCaretBlinksOn(FxRobot robot) throws Exception {
        Clicks.on(robot, field);
        assertTrue(blinks(LIMIT), "the focused field's caret blinks");
        // the control case, so that the test above can tell: past the rest time, JavaFX's own caret still blinks
        long past = System.nanoTime() + Duration.ofMillis(REST_MILLIS).plus(STEADY).toNanos();
        while (System.nanoTime() < past) {
            Thread.sleep(50);
        }
        assertTrue(blinks(Duration.ofSeconds(3)), "JavaFX's caret alone blinks on");
    }
}
