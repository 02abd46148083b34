package dev.holdfast.ui.window;

import dev.holdfast.session.SessionLibrary;
import dev.holdfast.ui.FxThread;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window's size, position, maximised state and list/tab divider, kept as one preference in the
 * settings file so the window comes back where it was.
 *
 * @param x left edge
 * @param y top edge
 * @param width width when not maximised
 * @param height height when not maximised
 * @param maximized whether the window was maximised
 * @param divider the divider position, 0 to 1
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, double divider) {
    public static final String PREFERENCE = "mainWindow";

    /** Reads the preference; empty when missing or unreadable. */
    public static Optional<WindowState> from(Map<String, String> preferences) {
        String text = preferences.get(PREFERENCE);
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(",", -1);
        try {
            WindowState state = new WindowState(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2]), Double.parseDouble(parts[3]), Boolean.parseBoolean(parts[4]),
                    Double.parseDouble(parts[5]));
            return state.width >= 200 && state.height >= 150 && state.divider > 0 && state.divider < 1
                    ? Optional.of(state) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What the stage and divider show now; the size before maximising is kept while maximised. */
    static WindowState of(Stage stage, SplitPane split, Optional<WindowState> beforeMaximized) {
        double divider = split.getDividerPositions().length > 0 ? split.getDividerPositions()[0] : 0.3;
        if (stage.isMaximized() && beforeMaximized.isPresent()) {
            WindowState normal = beforeMaximized.get();
            return new WindowState(normal.x, normal.y, normal.width, normal.height, true, divider);
        }
        return new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                divider);
    }

    String text() {
        return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%s,%.4f", x, y, width, height, maximized, divider);
    }

    /** Puts the window back, unless that place is on no screen now (a monitor was unplugged). */
    void applyTo(Stage stage, SplitPane split) {
        boolean visible = !Screen.getScreensForRectangle(new Rectangle2D(x, y, Math.max(1, width / 2), 40)).isEmpty();
        if (visible) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setWidth(width);
        stage.setHeight(height);
        stage.setMaximized(maximized);
        split.setDividerPositions(divider);
        // the list keeps its width when the window is resized, so set the divider again once laid out
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN,
                e -> FxThread.later(() -> split.setDividerPositions(divider)));
    }

    void save(SessionLibrary library) {
        library.setPreference(PREFERENCE, text());
    }
}
