package dev.holdfast.ui.terminal;

import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * A line of news above a tab's terminal, such as "Resumed at 12:04" or why a plain shell runs instead of
 * tmux: with an optional action and a close button, and gone by itself after a while when it is only news.
 * FX thread.
 */
final class Notice {
    private static final Duration NEWS_FOR = Duration.seconds(10);

    private final Label text = new Label();
    private final Button action = new Button();
    private final Button close = new Button("\u2715");
    private final HBox bar = new HBox(10, text, action, close);
    private final PauseTransition timer = new PauseTransition(NEWS_FOR);

    Notice() {
        bar.setId("notice");
        bar.getStyleClass().add("tab-notice");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setMaxWidth(720);
        text.setId("noticeText");
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        action.setId("noticeAction");
        close.setId("noticeClose");
        close.getStyleClass().add("notice-close");
        close.setFocusTraversable(false);
        close.setOnAction(e -> hide());
        StackPane.setAlignment(bar, Pos.TOP_CENTER);
        timer.setOnFinished(e -> hide());
        hide();
    }

    Node node() {
        return bar;
    }

    /** What it says now; empty when hidden. */
    String text() {
        return bar.isVisible() ? text.getText() : "";
    }

    /**
     * @param actionText the action button's text, or null for none
     * @param onAction what the action does
     * @param news whether it goes away by itself after a while
     */
    void show(String message, String actionText, Runnable onAction, boolean news) {
        timer.stop();
        text.setText(message);
        action.setVisible(actionText != null);
        action.setManaged(actionText != null);
        action.setText(actionText == null ? "" : actionText);
        action.setOnAction(e -> {
            if (onAction != null) {
                onAction.run();
            }
        });
        bar.setVisible(true);
        bar.setManaged(true);
        bar.toFront();
        if (news) {
            timer.playFromStart();
        }
    }

    void hide() {
        timer.stop();
        bar.setVisible(false);
    }
}
