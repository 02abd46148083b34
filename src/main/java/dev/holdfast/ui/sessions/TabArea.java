package dev.holdfast.ui.sessions;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ui.terminal.TerminalTab;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The right side of the main window: one terminal tab per opened session (several per session are
 * allowed), and a hint while there are none.
 */
public final class TabArea {
    private final TabPane tabs = new TabPane();
    private final VBox empty = new VBox(8);
    private final StackPane root = new StackPane(tabs, empty);
    private final Connections connections;
    private final Supplier<Window> owner;
    private java.util.function.Function<EffectiveSettings, java.util.Optional<Runnable>> editor =
            settings -> java.util.Optional.empty();

    public TabArea(Connections connections, Supplier<Window> owner) {
        this.connections = connections;
        this.owner = owner;
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        tabs.setTabDragPolicy(TabPane.TabDragPolicy.REORDER);
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

    /** How a tab's failure card edits its session: empty when the tab's session is not a saved one. */
    public void setEditor(java.util.function.Function<EffectiveSettings, java.util.Optional<Runnable>> editor) {
        this.editor = editor;
    }

    public Node node() {
        return root;
    }

    public TabPane tabPane() {
        return tabs;
    }

    /**
     * Opens a tab for the session, selects it and starts connecting.
     *
     * @param settings the session's current settings, asked again on each reconnect
     */
    public TerminalTab open(Supplier<EffectiveSettings> settings) {
        String id = settings.get().profile().id();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        terminals().stream().filter(t -> t.sessionId().equals(id)).forEach(t -> taken.add(t.slot()));
        int slot = 1;
        while (taken.contains(slot)) {
            slot++;
        }
        TerminalTab terminal = new TerminalTab(settings, connections, owner, slot);
        terminal.setEditAction(() -> editor.apply(settings.get()));
        tabs.getTabs().add(terminal.tab());
        tabs.getSelectionModel().select(terminal.tab());
        terminal.connect();
        return terminal;
    }

    /** The terminal tabs, in order. */
    public List<TerminalTab> terminals() {
        return tabs.getTabs().stream().map(Tab::getUserData).filter(TerminalTab.class::isInstance)
                .map(TerminalTab.class::cast).toList();
    }

    /** How many tabs hold a live connection or one being made. */
    public long busyCount() {
        return terminals().stream().filter(TerminalTab::isBusy).count();
    }

    /** Selects the tab {@code step} places on (negative: back), wrapping round at the ends. */
    public void selectBy(int step) {
        int count = tabs.getTabs().size();
        if (count > 0) {
            int at = tabs.getSelectionModel().getSelectedIndex();
            tabs.getSelectionModel().select(Math.floorMod(at + step, count));
        }
    }

    /** Selects the tab at {@code index} (from 0), or the last tab for an index past the end when {@code orLast}. */
    public void selectAt(int index, boolean orLast) {
        int count = tabs.getTabs().size();
        if (index < count) {
            tabs.getSelectionModel().select(index);
        } else if (orLast && count > 0) {
            tabs.getSelectionModel().select(count - 1);
        }
    }

    /** Gives the keyboard to the selected tab's terminal, if any. */
    public void focusSelected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab != null && tab.getUserData() instanceof TerminalTab terminal) {
            terminal.focusTerminal();
        }
    }

    /** Closes (and disconnects) the selected tab, if any. */
    public void closeSelected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab != null) {
            close(tab);
        }
    }

    /** Closes every tab, disconnecting each. */
    public void closeAll() {
        List.copyOf(tabs.getTabs()).forEach(this::close);
    }

    private void close(Tab tab) {
        if (tab.getUserData() instanceof TerminalTab terminal) {
            terminal.close();
        }
        tabs.getTabs().remove(tab);
    }
}
