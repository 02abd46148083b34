package dev.holdfast.ui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.techsenger.jeditermfx.core.emulator.JediEmulator;
import com.techsenger.jeditermfx.core.model.JediTerminal;
import com.techsenger.jeditermfx.core.ArrayTerminalDataStream;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import dev.holdfast.testing.Await;
import java.time.Duration;
import java.util.concurrent.Callable;
import javafx.animation.Animation;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The terminal's own painter in a real widget and window: it draws the text where the cells are, repaints
 * only the rows that changed, paints nothing while hidden and everything once shown, and JediTermFX's
 * 50 Hz repaint timer no longer runs.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalPainterTest {
    private TerminalWidget widget;
    private final StackPane root = new StackPane();

    @Start
    void start(Stage stage) {
        widget = new TerminalWidget(60, 12, new TerminalSettings(14, 1000));
        root.getChildren().add(widget.getPane());
        stage.setScene(new Scene(root, 700, 400));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            widget.close();
            return null;
        });
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get();
    }

    private void feed(String output) throws Exception {
        fx(() -> {
            JediTerminal terminal = (JediTerminal) widget.getTerminal();
            JediEmulator emulator = new JediEmulator(new ArrayTerminalDataStream(output.toCharArray()), terminal);
            while (emulator.hasNext()) {
                emulator.next();
            }
            return null;
        });
    }

    private TerminalPainter painter() {
        return widget.painter();
    }

    /** How many pixels of a cell's row band, from the first to the last given column, differ from the background. */
    private int inkInCells(int fromColumn, int toColumn, int row) throws Exception {
        return fx(() -> {
            TerminalPanel panel = widget.getTerminalPanel();
            // the canvas's parent: the rows are drawn on canvases of their own laid over JediTermFX's
            WritableImage image = panel.getCanvas().getParent().snapshot(null, null);
            PixelReader pixels = image.getPixelReader();
            double cellWidth = painter().cellWidthForTest();
            double cellHeight = painter().cellHeightForTest();
            // the row's own background, from a cell no test writes to
            int background = pixels.getArgb((int) (4 + 55 * cellWidth + 2), (int) (row * cellHeight + 2));
            int ink = 0;
            for (int y = (int) (row * cellHeight); y < (int) ((row + 1) * cellHeight); y++) {
                for (int x = (int) (4 + fromColumn * cellWidth); x < (int) (4 + (toColumn + 1) * cellWidth); x++) {
                    if (pixels.getArgb(x, y) != background) {
                        ink++;
                    }
                }
            }
            return ink;
        });
    }

    private void awaitFramesAfter(long frames) throws InterruptedException {
        Await.until("a frame is painted", Duration.ofSeconds(10), () -> fx(() -> painter().frames() > frames));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theTextIsDrawnInItsCellsAndNothingElsewhere() throws Exception {
        long frames = fx(() -> painter().frames());
        feed("hello\r\n\r\n\u001b[41m   \u001b[0m");
        awaitFramesAfter(frames);
        Await.until("hello is drawn", Duration.ofSeconds(10), () -> inkInCells(0, 4, 0) > 20);
        assertEquals(0, inkInCells(6, 40, 0), "nothing right of the text");
        assertEquals(0, inkInCells(0, 40, 1), "a blank row stays blank");
        assertTrue(inkInCells(0, 2, 2) > 0, "a red background is painted");
        assertEquals(0, inkInCells(0, 40, 6));
    }

    @Test
    void aTypedCharacterRepaintsOnlyItsRow() throws Exception {
        feed("line one\r\nline two\r\n$ ");
        Await.until("the prompt is painted", Duration.ofSeconds(10), () -> inkInCells(0, 0, 2) > 0);
        long rows = fx(() -> painter().rowsDrawn());
        long frames = fx(() -> painter().frames());
        feed("x");
        awaitFramesAfter(frames);
        Await.until("x is drawn", Duration.ofSeconds(10), () -> inkInCells(2, 2, 2) > 0);
        long drawn = fx(() -> painter().rowsDrawn()) - rows;
        assertEquals(1, drawn, "one row (the cursor's, where the x went), not all " + 12);
    }

    @Test
    void aHiddenTerminalPaintsNothingUntilItIsShownAgain() throws Exception {
        feed("first");
        Await.until("first is painted", Duration.ofSeconds(10), () -> inkInCells(0, 4, 0) > 0);
        fx(() -> {
            root.setVisible(false); // as a tab that is not selected
            return null;
        });
        long frames = fx(() -> painter().frames());
        long hidden = fx(() -> painter().hiddenFrames());
        feed("\r\nsecond");
        Await.until("the frame asked for while hidden", Duration.ofSeconds(10),
                () -> fx(() -> painter().hiddenFrames()) > hidden);
        assertEquals(frames, (long) fx(() -> painter().frames()), "nothing painted while hidden");
        fx(() -> {
            root.setVisible(true);
            widget.shown();
            return null;
        });
        awaitFramesAfter(frames);
        Await.until("second is painted once shown", Duration.ofSeconds(10), () -> inkInCells(0, 5, 1) > 0);
    }

    @Test
    void theScrollBarHasNoThumbUntilThereIsScrollback() throws Exception {
        long frames = fx(() -> painter().frames());
        feed("one line");
        awaitFramesAfter(frames);
        assertTrue(fx(() -> widget.getTerminalPanel().getScrollBar().getStyleClass().contains("no-thumb")));
        feed("\r\n".repeat(30) + "scrolled");
        Await.until("the thumb shows with scrollback", Duration.ofSeconds(10),
                () -> fx(() -> !widget.getTerminalPanel().getScrollBar().getStyleClass().contains("no-thumb")));
    }

    @Test
    void jediTermFxsRepaintTimerIsStopped() throws Exception {
        var field = TerminalPanel.class.getDeclaredField("myRepaintTimeLine");
        field.setAccessible(true);
        Timeline timer = (Timeline) field.get(widget.getTerminalPanel());
        assertEquals(Animation.Status.STOPPED, fx(timer::getStatus));
        assertFalse(timer.getCycleCount() == 0);
    }
}
