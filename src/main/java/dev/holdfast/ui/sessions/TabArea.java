package dev.holdfast.ui.sessions;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.ssh.Connections;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ssh.ShellStart;
import dev.holdfast.ui.terminal.RemoteSessionDialogs;
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
        tabs.getTabs().addListener((javafx.collections.ListChangeListener<Tab>) change -> tabsChanged());
        // the item, not the index: when the index changes the item may still be the old one
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> tabsChanged());
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
        int slot = freeSlot(settings.get().profile().id());
        return open(settings, slot, RemoteShell.nameFor(settings.get().profile().name(), slot), false);
    }

    /**
     * Opens a tab for the session whose tmux or screen session has the name {@code remoteName}.
     *
     * @param deferred whether it connects only when first shown (a tab restored at start); otherwise it is
     *                 selected and connects at once
     */
    public TerminalTab open(Supplier<EffectiveSettings> settings, int slot, String remoteName, boolean deferred) {
        TerminalTab terminal = new TerminalTab(settings, connections, owner, slot, remoteName);
        terminal.setEditAction(() -> editor.apply(settings.get()));
        Tab tab = terminal.tab();
        tab.setOnCloseRequest(e -> {
            e.consume();
            requestClose(terminal);
        });
        javafx.scene.control.MenuItem sessions = new javafx.scene.control.MenuItem("Sessions on This Server\u2026");
        sessions.setId("menuRemoteSessions");
        sessions.setOnAction(e -> showRemoteSessions(terminal, settings));
        javafx.scene.control.MenuItem close = new javafx.scene.control.MenuItem("Close Tab");
        close.setOnAction(e -> requestClose(terminal));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(sessions,
                new javafx.scene.control.SeparatorMenuItem(), close);
        menu.setOnShowing(e -> sessions.setDisable(!terminal.hasLiveRemoteSession()));
        tab.setContextMenu(menu);
        tabs.getTabs().add(tab);
        if (deferred) {
            terminal.connectWhenShown();
        } else {
            tabs.getSelectionModel().select(tab);
            terminal.connect();
        }
        return terminal;
    }

    /** The lowest slot (from 1) no open tab of the session has. */
    private int freeSlot(String sessionId) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        terminals().stream().filter(t -> t.sessionId().equals(sessionId)).forEach(t -> taken.add(t.slot()));
        int slot = 1;
        while (taken.contains(slot)) {
            slot++;
        }
        return slot;
    }

    /** What a choice made once ("do the same from now on") is kept as: leave, end, or absent (ask). */
    public static final String CLOSE_PREFERENCE = "closeRemoteSession";

    /**
     * Closes a tab as the person asked: a tab whose live shell is a tmux or screen session asks first whether to
     * leave it running on the server (the default) or end it, unless a choice was kept.
     */
    public void requestClose(TerminalTab terminal) {
        if (!terminal.hasLiveRemoteSession()) {
            closeTerminal(terminal);
            return;
        }
        ShellStart start = terminal.shellStart().orElseThrow();
        String kept = preferences.get(CLOSE_PREFERENCE);
        if ("leave".equals(kept)) {
            closeTerminal(terminal);
        } else if ("end".equals(kept)) {
            endThenClose(terminal, start);
        } else {
            RemoteSessionDialogs.askClose(owner.get(), terminal.tab().getText(), start.used().kind(),
                    start.used().name(), (choice, always) -> {
                        if (always) {
                            preferences.set(CLOSE_PREFERENCE,
                                    choice == RemoteSessionDialogs.CloseChoice.END ? "end" : "leave");
                        }
                        if (choice == RemoteSessionDialogs.CloseChoice.END) {
                            endThenClose(terminal, start);
                        } else {
                            closeTerminal(terminal);
                        }
                    });
        }
    }

    private void endThenClose(TerminalTab terminal, ShellStart start) {
        terminal.runBeside(start.used().endCommand(), output -> closeTerminal(terminal), why -> {
            closeTerminal(terminal);
            dev.holdfast.ui.dialogs.Dialogs.error(owner.get(), "The " + start.used().kind().program()
                    + " session could not be ended", start.used().name() + ": " + why
                    + "\n\nIt may still run on the server.");
        });
    }

    /** The list of the selected tab's server's Holdfast sessions (File menu); nothing unless it runs tmux or screen. */
    public void showRemoteSessionsOfSelected() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab != null && tab.getUserData() instanceof TerminalTab terminal && terminal.hasLiveRemoteSession()) {
            showRemoteSessions(terminal, terminal.settings());
        } else {
            dev.holdfast.ui.dialogs.Dialogs.info(owner.get(), "Sessions on This Server", "No tmux or screen session here",
                    "The list comes from a connected tab whose session runs tmux or GNU screen (Edit Session \u2192"
                            + " Connection \u2192 Resume).");
        }
    }

    /** The list of this server's Holdfast sessions, from the tab's live connection. */
    private void showRemoteSessions(TerminalTab terminal, Supplier<EffectiveSettings> settings) {
        if (!terminal.hasLiveRemoteSession()) {
            return;
        }
        RemoteSession kind = terminal.shellStart().orElseThrow().used().kind();
        String server = settings.get().target();
        RemoteSessionDialogs.showList(owner.get(), server, kind, new RemoteSessionDialogs.ListActions() {
            @Override
            public void list(java.util.function.Consumer<List<RemoteShell.Listed>> done,
                             java.util.function.Consumer<String> failed) {
                terminal.runBeside(RemoteShell.listCommand(kind), output -> done.accept(
                        RemoteShell.parseList(kind, output)), failed);
            }

            @Override
            public void attach(RemoteShell.Listed session) {
                String id = settings.get().profile().id();
                open(settings, freeSlot(id), session.name(), false);
            }

            @Override
            public void end(RemoteShell.Listed session, Runnable done, java.util.function.Consumer<String> failed) {
                terminal.runBeside(new RemoteShell(kind, session.name()).endCommand(), output -> done.run(), failed);
            }
        });
    }

    /** Where small choices are kept (the settings file's preferences in the app). */
    public interface Preferences {
        String get(String key);

        void set(String key, String value);
    }

    private Preferences preferences = new Preferences() {
        private final java.util.Map<String, String> kept = new java.util.HashMap<>();

        @Override
        public String get(String key) {
            return kept.get(key);
        }

        @Override
        public void set(String key, String value) {
            kept.put(key, value);
        }
    };
    private java.util.function.Consumer<OpenTabs> onTabsChanged = open -> { };
    private boolean closingAll;

    public void setPreferences(Preferences preferences) {
        this.preferences = preferences;
    }

    /** Told of the open tabs after every change (opened, closed, moved, selected), except while closing all. */
    public void setOnTabsChanged(java.util.function.Consumer<OpenTabs> listener) {
        this.onTabsChanged = listener;
    }

    /** The tabs open now, as the settings file keeps them. */
    public OpenTabs openTabs() {
        List<TerminalTab> all = terminals();
        List<OpenTabs.Tab> kept = all.stream().map(t -> new OpenTabs.Tab(t.sessionId(), t.slot(), t.remoteName()))
                .toList();
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        int index = selected == null ? -1 : all.indexOf(selected.getUserData() instanceof TerminalTab t ? t : null);
        return new OpenTabs(kept, index);
    }

    private void tabsChanged() {
        if (!closingAll) {
            onTabsChanged.accept(openTabs());
        }
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
        if (tab != null && tab.getUserData() instanceof TerminalTab terminal) {
            requestClose(terminal);
        } else if (tab != null) {
            tabs.getTabs().remove(tab);
        }
    }

    /**
     * Closes every tab, disconnecting each, without a question: tmux and screen sessions are left running (the
     * next start resumes them when it restores the tabs). The open tabs are not reported as changed.
     */
    public void closeAll() {
        closingAll = true;
        for (Tab tab : List.copyOf(tabs.getTabs())) {
            if (tab.getUserData() instanceof TerminalTab terminal) {
                terminal.close();
            }
            tabs.getTabs().remove(tab);
        }
    }

    private void closeTerminal(TerminalTab terminal) {
        terminal.close();
        tabs.getTabs().remove(terminal.tab());
    }
}
