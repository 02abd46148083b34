package dev.holdfast.ui.terminal;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The card over the terminal that every overlay is drawn as. */
final class Cards {
    private Cards() {
    }

    /** {@code content} centred in a card, on a layer that covers the terminal. */
    static StackPane card(VBox content, boolean dimmed) {
        content.setAlignment(Pos.CENTER);
        content.setMaxWidth(640);
        content.setMaxHeight(Region.USE_PREF_SIZE);
        content.setPadding(new Insets(24));
        content.getStyleClass().add("connect-card");
        StackPane holder = new StackPane(content);
        holder.getStyleClass().add("connect-overlay");
        if (dimmed) {
            holder.getStyleClass().add("dimmed");
        }
        holder.setId("overlay");
        return holder;
    }

    static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("empty-title");
        return title;
    }

    static Button button(String text, String id, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }

    /** A wrapped label with an id. */
    static Label text(String text, String id) {
        Label label = new Label(text);
        label.setId(id);
        label.setWrapText(true);
        return label;
    }

    static Node spacer(double height) {
        Region region = new Region();
        region.setMinHeight(height);
        return region;
    }
}
