package dev.holdfast.ui.window;

import dev.holdfast.session.SessionLibrary;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window's size, position, maximised state and session list, kept as one preference in the
 * settings file so the window comes back where it was.
 *
 * <p>The list's width is kept in pixels, not as the divider's fraction: the fraction was read back before
 * the window had its saved width and so shrank the list on every start.
 *
 * @param x left edge
 * @param y top edge
 * @param width width when not maximised
 * @param height height when not maximised
 * @param maximized whether the window was maximised
 * @param sidebar the session list's width in pixels
 * @param sidebarHidden whether the session list was collapsed (View → Session List)
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, double sidebar,
                          boolean sidebarHidden) {
    public static final String PREFERENCE = "mainWindow";
    /** The narrowest the session list gets: its filter and buttons still fit. */
    public static final double MIN_SIDEBAR = 200;
    /** The session list's width on a first start. */
    public static final double DEFAULT_SIDEBAR = 300;
    /** What the terminal side keeps at least when the list is dragged wide. */
    static final double MIN_TABS = 320;

    /** Reads the preference; empty when missing or unreadable. */
    public static Optional<WindowState> from(Map<String, String> preferences) {
        String text = preferences.get(PREFERENCE);
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(",", -1);
        try {
            double width = Double.parseDouble(parts[2]);
            double sidebar = Double.parseDouble(parts[5]);
            // before 0.1 the list was kept as the divider's fraction
            if (sidebar > 0 && sidebar < 1) {
                sidebar = Math.max(DEFAULT_SIDEBAR, sidebar * width);
            }
            WindowState state = new WindowState(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    width, Double.parseDouble(parts[3]), Boolean.parseBoolean(parts[4]), sidebar,
                    parts.length > 6 && Boolean.parseBoolean(parts[6]));
            return state.width >= 200 && state.height >= 150 && state.sidebar > 0
                    ? Optional.of(state) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The divider position that gives the list {@code sidebar} pixels in a split {@code splitWidth} wide,
     * kept between the list's minimum and what leaves the terminals {@link #MIN_TABS}.
     */
    static double divider(double sidebar, double splitWidth) {
        if (splitWidth <= 0) {
            return 0.3;
        }
        double most = Math.max(MIN_SIDEBAR, splitWidth - MIN_TABS);
        return Math.min(1, Math.max(MIN_SIDEBAR, Math.min(sidebar, most)) / splitWidth);
    }

    /** What the stage and list show now; the size before maximising is kept while maximised. */
    static WindowState of(Stage stage, double sidebar, boolean sidebarHidden, Optional<WindowState> beforeMaximized) {
        if (stage.isMaximized() && beforeMaximized.isPresent()) {
            WindowState normal = beforeMaximized.get();
            return new WindowState(normal.x, normal.y, normal.width, normal.height, true, sidebar, sidebarHidden);
        }
        return new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                sidebar, sidebarHidden);
    }

    String text() {
        return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%s,%.0f,%s", x, y, width, height, maximized, sidebar,
                sidebarHidden);
    }

    /** Puts the window back, unless that place is on no screen now (a monitor was unplugged). */
    void applyTo(Stage stage) {
        boolean visible = !Screen.getScreensForRectangle(new Rectangle2D(x, y, Math.max(1, width / 2), 40)).isEmpty();
        if (visible) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setWidth(width);
        stage.setHeight(height);
        stage.setMaximized(maximized);
    }

    /** Gives the list its width in pixels, as the split is wide now. */
    static void placeDivider(SplitPane split, double sidebar) {
        if (split.getItems().size() > 1) {
            split.setDividerPositions(divider(sidebar, split.getWidth()));
        }
    }

    void save(SessionLibrary library) {
        library.setPreference(PREFERENCE, text());
    }
}
