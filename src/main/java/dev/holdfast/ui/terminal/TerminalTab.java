package dev.holdfast.ui.terminal;

import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.KnownHostsFile;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.ui.FxThread;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session in one tab: connects in the background while showing progress, shows a plain-words error
 * with Retry when that fails, then the terminal; when the shell ends the terminal stays readable with
 * "session ended" and Open again. Closing the tab disconnects. FX thread only.
 */
public final class TerminalTab {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalTab.class);

    /** Where the tab is in its life. */
    public enum State { CONNECTING, FAILED, LIVE, ENDED, CLOSED }

    private final Supplier<EffectiveSettings> settings;
    private final Connections connections;
    private final Supplier<Window> owner;
    private final Tab tab;
    private final StackPane root = new StackPane();
    private final StackPane terminalLayer = new StackPane();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CONNECTING);
    private final Label step = new Label();

    private FxInteraction interaction;
    private SshConnector.Attempt attempt;
    private SshConnection connection;
    private TerminalWidget widget;
    private ConnectSpec lastSpec;
    private SshTtyConnector connector;

    /**
     * @param settings the session's settings, read again at each (re)connect so edits apply
     * @param owner the window that owns this tab's dialogs
     */
    public TerminalTab(Supplier<EffectiveSettings> settings, Connections connections, Supplier<Window> owner) {
        this.settings = settings;
        this.connections = connections;
        this.owner = owner;
        EffectiveSettings initial = settings.get();
        tab = new Tab(initial.profile().name(), root);
        tab.getStyleClass().add("session-tab");
        tab.setTooltip(new Tooltip(initial.target()));
        tab.setUserData(this);
        tab.setOnClosed(e -> close());
        root.getStyleClass().add("terminal-tab");
        root.setId("terminalTab");
        terminalLayer.getStyleClass().add("terminal-layer");
        root.getChildren().add(terminalLayer);
        step.setId("connectStep");
    }

    public Tab tab() {
        return tab;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /** Whether closing this tab would drop a live connection (or one being made). */
    public boolean isBusy() {
        return state.get() == State.LIVE || state.get() == State.CONNECTING;
    }

    /** The terminal's visible lines as text, for tests and diagnostics; empty before the terminal exists. */
    public String screenText() {
        return widget == null ? "" : widget.getTerminalTextBuffer().getScreenLines();
    }

    /** The terminal's size in {columns, rows}, or none before it exists. */
    public Optional<int[]> terminalSize() {
        return widget == null ? Optional.empty() : Optional.of(new int[] {
            widget.getTerminalTextBuffer().getWidth(), widget.getTerminalTextBuffer().getHeight()});
    }

    /** Starts (or restarts) connecting. */
    public void connect() {
        if (state.get() == State.CLOSED) {
            return;
        }
        disposeTerminal();
        EffectiveSettings current = settings.get();
        ConnectSpec spec = ConnectSpec.from(current);
        lastSpec = spec;
        tab.setText(current.profile().name());
        state.set(State.CONNECTING);
        step.setText("Connecting to " + spec.endpoint());
        showOverlay(connectingPane(spec));
        FxInteraction questions = new FxInteraction(owner, step::setText);
        interaction = questions;
        int[] size = estimateSize(current);
        SshConnector.Attempt thisAttempt = connections.connector().attempt(spec, questions, () -> size);
        attempt = thisAttempt;
        connections.submit(() -> {
            try {
                SshConnection made = thisAttempt.run();
                FxThread.run(() -> connected(thisAttempt, made, current));
            } catch (ConnectFailure failure) {
                FxThread.run(() -> failed(thisAttempt, failure));
            } catch (RuntimeException e) {
                LOG.error("Unexpected error connecting to {}", spec.target(), e);
                FxThread.run(() -> failed(thisAttempt, new ConnectFailure(ConnectFailure.Kind.PROTOCOL,
                        "Connecting failed: " + e, e)));
            }
        });
    }

    /** Disconnects and stops everything this tab runs. Idempotent. */
    public void close() {
        if (state.get() == State.CLOSED) {
            return;
        }
        state.set(State.CLOSED);
        if (interaction != null) {
            interaction.cancelAll();
        }
        if (attempt != null) {
            SshConnector.Attempt stopping = attempt;
            connections.submit(stopping::cancel);
        }
        disposeTerminal();
    }

    private void connected(SshConnector.Attempt from, SshConnection made, EffectiveSettings used) {
        if (from != attempt || state.get() == State.CLOSED) {
            connections.disconnect(made);
            return;
        }
        connection = made;
        connections.opened(made);
        widget = new TerminalWidget(80, 24, new TerminalSettings(used.get(Settings.FONT_SIZE),
                used.get(Settings.SCROLLBACK)));
        SshTtyConnector tty = new SshTtyConnector(made, connections::submit,
                status -> FxThread.run(() -> ended(made, status)));
        connector = tty;
        widget.setTtyConnector(tty);
        widget.start();
        Node pane = widget.getPane();
        terminalLayer.getChildren().setAll(pane);
        hideOverlay();
        state.set(State.LIVE);
        FxThread.run(this::focusTerminal);
    }

    private void failed(SshConnector.Attempt from, ConnectFailure failure) {
        if (from != attempt || state.get() == State.CLOSED) {
            return;
        }
        LOG.info("Could not connect {}: {} ({})", tab.getText(), failure.kind(), failure.getMessage());
        state.set(State.FAILED);
        showOverlay(failurePane(failure));
    }

    private void ended(SshConnection which, Optional<Integer> status) {
        if (which != connection || state.get() != State.LIVE) {
            return;
        }
        connections.disconnect(which);
        state.set(State.ENDED);
        String text = status.map(s -> "Session ended: the shell exited with status " + s + ".")
                .orElse("Session ended: the connection was closed.");
        Label message = new Label(text);
        message.setId("endedMessage");
        Button again = new Button("Open again");
        again.setId("openAgain");
        again.setDefaultButton(true);
        again.setOnAction(e -> connect());
        Button close = new Button("Close tab");
        close.setId("closeEndedTab");
        close.setOnAction(e -> closeTab());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, message, grow, again, close);
        bar.setId("endedBar");
        bar.getStyleClass().add("ended-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.BOTTOM_CENTER);
        root.getChildren().removeIf(n -> "endedBar".equals(n.getId()));
        root.getChildren().add(bar);
        again.requestFocus();
    }

    private void closeTab() {
        close();
        if (tab.getTabPane() != null) {
            tab.getTabPane().getTabs().remove(tab);
        }
    }

    private void focusTerminal() {
        if (widget != null) {
            widget.getTerminalPanel().getCanvas().requestFocus();
        }
    }

    private void disposeTerminal() {
        root.getChildren().removeIf(n -> "endedBar".equals(n.getId()));
        if (widget != null) {
            TerminalWidget old = widget;
            widget = null;
            connector = null;
            old.close();
        }
        if (connection != null) {
            connections.disconnect(connection);
            connection = null;
        }
    }

    /** A first guess at the terminal's size from the tab's size, corrected by a window-change once shown. */
    private int[] estimateSize(EffectiveSettings current) {
        double width = root.getWidth() > 0 ? root.getWidth() : 800;
        double height = root.getHeight() > 0 ? root.getHeight() : 480;
        double font = current.get(Settings.FONT_SIZE);
        int columns = (int) Math.max(20, Math.floor((width - 16) / (font * 0.6)));
        int rows = (int) Math.max(5, Math.floor(height / (font * 1.25)));
        return new int[] {columns, rows};
    }

    private Node connectingPane(ConnectSpec spec) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(36, 36);
        Label title = new Label(spec.target());
        title.getStyleClass().add("empty-title");
        Button cancel = new Button("Cancel");
        cancel.setId("cancelConnect");
        cancel.setOnAction(e -> closeTab());
        VBox box = new VBox(12, spinner, title, step, cancel);
        box.setId("connectingPane");
        return card(box);
    }

    private Node failurePane(ConnectFailure failure) {
        Label title = new Label(failure.kind().title());
        title.setId("failureTitle");
        title.getStyleClass().add("empty-title");
        Label message = new Label(failure.getMessage());
        message.setId("failureMessage");
        message.setWrapText(true);
        VBox box = new VBox(12, title);
        box.setId("failurePane");
        Optional<HostKeyCheck> check = failure.hostKeyCheck();
        if (check.isPresent() && check.get().conflicting().isPresent()) {
            box.getChildren().add(hostKeyWarning(check.get()));
        } else {
            box.getChildren().add(message);
        }
        Button close = new Button("Close");
        close.setId("closeFailedTab");
        close.setOnAction(e -> closeTab());
        HBox buttons = new HBox(10);
        buttons.setAlignment(Pos.CENTER);
        if (failure.kind().retryable()) {
            Button retry = new Button("Retry");
            retry.setId("retryConnect");
            retry.setDefaultButton(true);
            retry.setOnAction(e -> connect());
            buttons.getChildren().add(retry);
        }
        buttons.getChildren().add(close);
        box.getChildren().add(buttons);
        return card(box);
    }

    /** The changed-key warning: both fingerprints, the file and line, and no button that connects anyway. */
    private Node hostKeyWarning(HostKeyCheck check) {
        KnownHostsFile.Entry old = check.conflicting().orElseThrow();
        boolean revoked = check.verdict() == HostKeyCheck.Verdict.REVOKED;
        Label headline = new Label(revoked ? "WARNING: THIS HOST KEY IS REVOKED"
                : "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED");
        headline.getStyleClass().add("warning-headline");
        Label explain = new Label(revoked
                ? "The key this server presented is marked @revoked. Holdfast will not connect with it."
                : "The server presented a different host key from the one on record. Someone could be "
                + "intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or "
                + "given a new key. Holdfast will not connect and sent nothing, not even your user name.");
        explain.setWrapText(true);
        TextArea facts = new TextArea("Presented now:   " + check.presented().displayType() + " "
                + check.presented().sha256Fingerprint() + "\n"
                + (revoked ? "" : "On record:       " + old.key().displayType() + " " + old.key().sha256Fingerprint()
                + "\n") + "Recorded in:     " + old.file() + ", line " + old.line());
        facts.setId("hostKeyFacts");
        facts.setEditable(false);
        facts.setWrapText(true);
        facts.setPrefRowCount(4);
        facts.getStyleClass().add("monospace");
        Label fix = new Label(revoked ? "Ask the server's administrator for the current key."
                : "Check with the server's administrator. If the change is expected, remove line " + old.line()
                + " from " + old.file() + " (or run: ssh-keygen -R \""
                + KnownHostsFile.hostPatternName(lastSpec.host(), lastSpec.port()) + "\" -f \"" + old.file()
                + "\") and open the session again.");
        fix.setWrapText(true);
        VBox box = new VBox(10, headline, explain, facts, fix);
        box.setId("hostKeyWarning");
        box.getStyleClass().add("host-key-warning");
        return box;
    }

    private static Node card(VBox content) {
        content.setAlignment(Pos.CENTER);
        content.setMaxWidth(640);
        content.setMaxHeight(Region.USE_PREF_SIZE);
        content.setPadding(new Insets(24));
        content.getStyleClass().add("connect-card");
        StackPane holder = new StackPane(content);
        holder.getStyleClass().add("connect-overlay");
        holder.setId("overlay");
        return holder;
    }

    private void showOverlay(Node overlay) {
        hideOverlay();
        root.getChildren().add(overlay);
    }

    private void hideOverlay() {
        root.getChildren().removeIf(n -> "overlay".equals(n.getId()));
    }
}
