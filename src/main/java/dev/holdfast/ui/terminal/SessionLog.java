package dev.holdfast.ui.terminal;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import dev.holdfast.terminal.SessionTranscript;
import dev.holdfast.terminal.SshTtyConnector;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * A tab's session log, when its settings ask for one: the file is named at the first connection and kept
 * for the tab's reconnects, which append to it (so "overwrite" never wipes the log of the same tab), and the
 * tab shows a small "log" mark with the file's name. FX thread.
 */
final class SessionLog {
    private Path file;
    private Label mark;

    /** Starts logging {@code tty}'s output if {@code used} says so. */
    void start(SshTtyConnector tty, EffectiveSettings used, Tab tab) {
        if (!used.get(Settings.SESSION_LOG)) {
            return;
        }
        boolean append = file != null || used.get(Settings.SESSION_LOG_APPEND);
        if (file == null) {
            file = SessionTranscript.fileFor(used.get(Settings.SESSION_LOG_FILE), used.get(Settings.HOST),
                    used.get(Settings.PORT), ZonedDateTime.now(java.time.ZoneId.systemDefault()));
        }
        SessionTranscript transcript = SessionTranscript.start(file, append);
        tty.setTranscript(transcript);
        if (mark == null) {
            mark = new Label("log");
            mark.setId("sessionLogMark");
            mark.getStyleClass().add("session-log-mark");
            mark.setStyle("-fx-font-size: 0.8em; -fx-opacity: 0.75;");
            mark.setTooltip(new Tooltip("This session's output is logged to " + file));
            Node before = tab.getGraphic();
            HBox both = before == null ? new HBox(mark) : new HBox(4, before, mark);
            both.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            tab.setGraphic(both);
        }
        mark.setText("log");
        mark.getStyleClass().remove("session-log-problem");
        mark.getTooltip().setText("This session's output is logged to " + file);
        // the mark must not claim a log that is not being written: it says so, and why, at once
        transcript.onProblem(problem -> dev.holdfast.ui.FxThread.run(() -> {
            mark.setText("log \u26a0");
            if (!mark.getStyleClass().contains("session-log-problem")) {
                mark.getStyleClass().add("session-log-problem");
            }
            mark.getTooltip().setText(problem);
        }));
    }

    /** The log file, once logging has started. */
    java.util.Optional<Path> file() {
        return java.util.Optional.ofNullable(file);
    }
}
