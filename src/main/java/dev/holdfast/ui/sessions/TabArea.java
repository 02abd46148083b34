package dev.holdfast.ui.sessions;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.editor.ValueText;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The right side of the main window: one tab per opened session, and a hint while there are none.
 * Until the terminal lands, a tab says what it will connect to.
 */
public final class TabArea {
    private final TabPane tabs = new TabPane();
    private final VBox empty = new VBox(8);
    private final StackPane root = new StackPane(tabs, empty);

    public TabArea() {
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        Label headline = new Label("No open sessions");
        headline.getStyleClass().add("empty-title");
        Label hint = new Label("Double-click a session or press Enter to open it.\n"
                + "Ctrl+N makes a new one; Edit \u2192 Default Settings sets what every session inherits.");
        hint.getStyleClass().add("empty-hint");
        hint.setWrapText(true);
        empty.setId("emptyState");
        empty.getChildren().addAll(headline, hint);
        empty.setAlignment(Pos.CENTER);
        empty.setMaxWidth(420);
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(tabs.getTabs()));
        root.getStyleClass().add("tab-area");
    }

    public Node node() {
        return root;
    }

    public TabPane tabPane() {
        return tabs;
    }

    /** Opens a tab for the session and selects it; several tabs of one session are allowed. */
    public Tab open(EffectiveSettings session) {
        Tab tab = new Tab(session.profile().name(), placeholder(session));
        tab.getStyleClass().add("session-tab");
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        return tab;
    }

    /** Closes the selected tab, if any. */
    public void closeSelected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab != null) {
            tabs.getTabs().remove(tab);
        }
    }

    private static Node placeholder(EffectiveSettings session) {
        Label title = new Label("Will connect to " + session.target());
        title.setId("placeholderTarget");
        title.getStyleClass().add("empty-title");
        VBox box = new VBox(6, title,
                line("Authentication: " + ValueText.of(session.get(Settings.AUTH))
                        + (session.get(Settings.KEY_FILE).isEmpty() ? "" : " (" + session.get(Settings.KEY_FILE) + ")")),
                line("Connect timeout: " + session.get(Settings.CONNECT_TIMEOUT) + " s"),
                line("Keepalive: " + session.keepaliveSummary()),
                line("TCP keepalive: " + (session.get(Settings.TCP_KEEPALIVE)
                        ? "on, idle " + session.get(Settings.TCP_KEEP_IDLE) + " s, every "
                        + session.get(Settings.TCP_KEEP_INTERVAL) + " s, " + session.get(Settings.TCP_KEEP_COUNT)
                        + " probes" : "off")),
                line("Terminal: " + session.get(Settings.TERMINAL_TYPE) + ", " + session.get(Settings.FONT_SIZE)
                        + " pt, " + session.get(Settings.SCROLLBACK) + " lines of scrollback"),
                note("The SSH terminal is not built yet: this tab shows what it will connect to."));
        box.setPadding(new Insets(24));
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("placeholder-tab");
        return box;
    }

    private static Label line(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }

    private static Label note(String text) {
        Label label = line(text);
        label.getStyleClass().add("derived");
        label.setPadding(new Insets(12, 0, 0, 0));
        return label;
    }
}
