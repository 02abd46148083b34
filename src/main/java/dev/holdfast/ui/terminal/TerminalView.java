package dev.holdfast.ui.terminal;

import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.ui.FxThread;
import dev.holdfast.terminal.TerminalPalette;
import dev.holdfast.ui.theme.Themes;
import java.util.Optional;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.layout.Background;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

/**
 * The tab's terminal: made at the first connection and kept over reconnects, so the scrollback stays.
 * A new connection's shell is handed to the widget once the previous session has wound down, when the
 * widget says so (no polling). FX thread only.
 */
final class TerminalView {
    private final StackPane layer = new StackPane();
    private TerminalWidget widget;
    private SshTtyConnector pending;
    private TerminalSettings shownSettings;
    private final ChangeListener<Boolean> onTheme = (obs, old, dark) -> recolour(dark);

    TerminalView() {
        layer.getStyleClass().add("terminal-layer");
    }

    StackPane node() {
        return layer;
    }

    boolean exists() {
        return widget != null;
    }

    /** Shows {@code tty}'s shell: in a new terminal, or below a marker line in the one there is. */
    void attach(SshTtyConnector tty, TerminalSettings settings, String marker) {
        if (widget == null) {
            widget = new TerminalWidget(80, 24, settings);
            shownSettings = settings;
            layer.setPadding(new Insets(settings.padding()));
            paintBackground(settings.palette());
            if (settings.followsTheme()) {
                Themes.dark().addListener(onTheme);
            }
            widget.onSessionFinished(() -> FxThread.run(this::startPending));
            layer.getChildren().setAll(widget.getPane());
            start(tty);
            return;
        }
        tty.setPreamble(marker);
        if (widget.isSessionRunning()) {
            pending = tty; // started by startPending once the previous session has ended
        } else {
            start(tty);
        }
    }

    /** Recolours a terminal that follows the app theme: JediTermFX reads its colours at every paint. */
    private void recolour(boolean dark) {
        if (widget != null && shownSettings != null) {
            shownSettings.themeChanged(dark);
            paintBackground(shownSettings.palette());
            widget.getTerminalPanel().repaint();
        }
    }

    private void paintBackground(TerminalPalette palette) {
        int rgb = palette.background();
        layer.setBackground(Background.fill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff)));
    }

    /** The colours the terminal paints with now; empty before it exists. */
    Optional<TerminalPalette> palette() {
        return Optional.ofNullable(shownSettings).map(TerminalSettings::palette);
    }

    private void startPending() {
        if (widget != null && pending != null && !widget.isSessionRunning()) {
            SshTtyConnector next = pending;
            pending = null;
            start(next);
        }
    }

    private void start(SshTtyConnector tty) {
        widget.setTtyConnector(tty);
        widget.start();
    }

    /** Its tab was selected: paints what changed while it was hidden. */
    void shown() {
        if (widget != null) {
            widget.shown();
        }
    }

    void focus() {
        if (widget != null) {
            widget.getTerminalPanel().getCanvas().requestFocus();
        }
    }

    /** The visible lines as text; empty before the terminal exists. */
    String screenText() {
        return widget == null ? "" : widget.getTerminalTextBuffer().getScreenLines();
    }

    /** The scrollback and the visible lines as text. */
    String allText() {
        if (widget == null) {
            return "";
        }
        var buffer = widget.getTerminalTextBuffer();
        buffer.lock();
        try {
            return buffer.getHistoryBuffer().getLines() + "\n" + buffer.getScreenLines();
        } finally {
            buffer.unlock();
        }
    }

    /** {columns, rows}, once the terminal exists. */
    Optional<int[]> size() {
        return widget == null ? Optional.empty() : Optional.of(new int[] {
            widget.getTerminalTextBuffer().getWidth(), widget.getTerminalTextBuffer().getHeight()});
    }

    /**
     * {columns, rows}: the terminal's, or before it exists a first guess from the space it will have,
     * corrected by a window-change once shown.
     */
    int[] sizeOrGuess(int fontSize) {
        return size().orElseGet(() -> {
            double width = layer.getWidth() > 0 ? layer.getWidth() : 800;
            double height = layer.getHeight() > 0 ? layer.getHeight() : 480;
            int columns = (int) Math.max(20, Math.floor((width - 16) / (fontSize * 0.6)));
            int rows = (int) Math.max(5, Math.floor(height / (fontSize * 1.25)));
            return new int[] {columns, rows};
        });
    }

    void dispose() {
        pending = null;
        Themes.dark().removeListener(onTheme);
        shownSettings = null;
        if (widget != null) {
            TerminalWidget old = widget;
            widget = null;
            old.close();
        }
    }
}
