package dev.holdfast.ui.terminal;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** "Session ended: the shell exited with status N", along the bottom, with Open again and Close tab. */
final class EndedBar {
    private EndedBar() {
    }

    static HBox of(int status, Runnable again, Runnable close) {
        Label message = new Label("Session ended: the shell exited with status " + status + ".");
        message.setId("endedMessage");
        Button open = Cards.button("Open again", "openAgain", again);
        open.setDefaultButton(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, message, grow, open, Cards.button("Close tab", "closeEndedTab", close));
        bar.setId("endedBar");
        bar.getStyleClass().add("ended-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.BOTTOM_CENTER);
        open.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                open.requestFocus();
            }
        });
        return bar;
    }
}
