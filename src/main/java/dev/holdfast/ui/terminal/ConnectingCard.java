package dev.holdfast.ui.terminal;

import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** "Connecting to …" with the attempt's current step and Cancel. */
final class ConnectingCard {
    private final StackPane node;
    private final Label step = new Label();

    ConnectingCard(String target, boolean overTerminal, Runnable cancel) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(36, 36);
        step.setId("connectStep");
        VBox box = new VBox(12, spinner, Cards.title(target), step, Cards.button("Cancel", "cancelConnect", cancel));
        box.setId("connectingPane");
        node = Cards.card(box, overTerminal);
    }

    StackPane node() {
        return node;
    }

    void step(String text) {
        step.setText(text);
    }
}
