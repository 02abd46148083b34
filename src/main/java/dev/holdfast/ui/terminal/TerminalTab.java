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
 * with Retry when that fails, then the terminal with a live health strip. When the keepalives declare the
 * connection dead or it drops, the terminal keeps its scrollback and a prompt says why, with Reconnect,
 * which connects again in this tab. When the shell exits, "session ended" offers to open it again.
 * Closing the tab disconnects. FX thread only.
 */
public final class TerminalTab {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalTab.class);

    /** Where the tab is in its life. */
    public enum State { CONNECTING, FAILED, LIVE, LOST, ENDED, CLOSED }

    private final Supplier<EffectiveSettings> settings;
    private final Connections connections;
    private final Supplier<Window> owner;
    private final Tab tab;
    private final StackPane root = new StackPane();
    private final StackPane terminalLayer = new StackPane();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CONNECTING);
    private final Label step = new Label();
    private final javafx.scene.layout.BorderPane frame = new javafx.scene.layout.BorderPane();
    private final StackPane stage = new StackPane();
    private final javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(4);
    private final Label health = new Label();
    private final javafx.animation.Timeline sampler;
    private final dev.holdfast.ssh.EventLog events;
    private dev.holdfast.keepalive.KeepaliveEngine.Monitor monitor;
    private int autoAttempt;
    private javafx.animation.Timeline countdown;

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
        events = connections.eventLog(initial.profile().name());
        tab = new Tab(initial.profile().name(), frame);
        tab.getStyleClass().add("session-tab");
        tab.setTooltip(new Tooltip(initial.target()));
        tab.setUserData(this);
        tab.setOnClosed(e -> close());
        dot.getStyleClass().addAll("health-dot", "dot-connecting");
        dot.setId("healthDot");
        tab.setGraphic(dot);
        root.getStyleClass().add("terminal-tab");
        root.setId("terminalTab");
        terminalLayer.getStyleClass().add("terminal-layer");
        root.getChildren().add(terminalLayer);
        step.setId("connectStep");
        health.setId("healthStrip");
        health.getStyleClass().add("health-strip");
        health.setMaxWidth(Double.MAX_VALUE);
        health.setOnMouseClicked(e -> showDetails());
        health.setTooltip(new Tooltip("Click for every counter and the connection's event log"));
        frame.setCenter(root);
        frame.setBottom(health);
        sampler = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.millis(250),
                e -> sample()));
        sampler.setCycleCount(javafx.animation.Animation.INDEFINITE);
        sampler.play();
        tab.selectedProperty().addListener((o, was, selected) -> {
            if (selected) {
                sample();
            }
        });
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

    /** The keepalive counters now, if the tab has connected at least once. */
    public Optional<dev.holdfast.keepalive.HealthSnapshot> health() {
        return monitor == null ? Optional.empty() : Optional.of(monitor.snapshot());
    }

    /** The connection's event log lines. */
    public java.util.List<String> eventLines() {
        return events.lines();
    }

    /** The terminal's visible lines as text, for tests and diagnostics; empty before the terminal exists. */
    public String screenText() {
        return widget == null ? "" : widget.getTerminalTextBuffer().getScreenLines();
    }

    /** The scrollback and the visible lines as text. */
    public String allText() {
        if (widget == null) {
            return "";
        }
        var buffer = widget.getTerminalTextBuffer();
        buffer.lock();
        try {
            StringBuilder text = new StringBuilder();
            text.append(buffer.getHistoryBuffer().getLines()).append('\n');
            text.append(buffer.getScreenLines());
            return text.toString();
        } finally {
            buffer.unlock();
        }
    }

    /** The terminal's size in {columns, rows}, or none before it exists. */
    public Optional<int[]> terminalSize() {
        return widget == null ? Optional.empty() : Optional.of(new int[] {
            widget.getTerminalTextBuffer().getWidth(), widget.getTerminalTextBuffer().getHeight()});
    }

    /**
     * Starts connecting, or connects again: after a drop or an exit the terminal and its scrollback stay
     * and the new shell continues below a marker line.
     */
    public void connect() {
        autoAttempt = 0;
        connectNow();
    }

    private void connectNow() {
        stopCountdown();
        if (state.get() == State.CLOSED || state.get() == State.CONNECTING && attempt != null) {
            return;
        }
        boolean again = widget != null;
        if (connection != null) {
            connections.disconnect(connection);
            connection = null;
        }
        if (monitor != null) {
            monitor.stop();
        }
        root.getChildren().removeIf(n -> "endedBar".equals(n.getId()));
        EffectiveSettings current = settings.get();
        ConnectSpec spec = ConnectSpec.from(current);
        lastSpec = spec;
        tab.setText(current.profile().name());
        state.set(State.CONNECTING);
        events.add((again ? "Reconnecting to " : "Connecting to ") + spec.target()
                + (autoAttempt > 0 ? " (automatic attempt " + autoAttempt + ")" : ""));
        step.setText("Connecting to " + spec.endpoint());
        Node connecting = connectingPane(spec);
        if (again) {
            connecting.getStyleClass().add("dimmed");
        }
        showOverlay(connecting);
        FxInteraction questions = new FxInteraction(owner, text -> {
            step.setText(text);
            events.add(text);
        });
        interaction = questions;
        int[] size = widget != null ? terminalSize().orElse(estimateSize(current)) : estimateSize(current);
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
        sampler.stop();
        stopCountdown();
        if (monitor != null) {
            monitor.stop();
        }
        events.add("Tab closed");
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
        attempt = null;
        autoAttempt = 0;
        connection = made;
        connections.opened(made);
        events.add("Connected and authenticated; shell started. TCP keepalive " + made.tcpKeepalive());
        dev.holdfast.keepalive.KeepalivePolicy policy = ConnectSpec.keepalivePolicy(used);
        if (monitor == null || !monitor.policy().equals(policy)) {
            if (monitor != null) {
                monitor.stop();
            }
            monitor = connections.keepalive().monitor(made.keepaliveTransport(), policy, keepaliveEvents(made));
        } else {
            monitor.reattach(made.keepaliveTransport(), keepaliveEvents(made));
        }
        events.add("Keepalive: " + used.keepaliveSummary());
        SshTtyConnector tty = new SshTtyConnector(made, connections::submit,
                ending -> FxThread.run(() -> ended(made, ending)));
        if (widget == null) {
            widget = new TerminalWidget(80, 24, new TerminalSettings(used.get(Settings.FONT_SIZE),
                    used.get(Settings.SCROLLBACK)));
            startTerminal(tty, 0);
            terminalLayer.getChildren().setAll(widget.getPane());
        } else {
            tty.setPreamble("\r\n\u001b[2m-- reconnected " + java.time.LocalTime.now().withNano(0)
                    + " --\u001b[0m\r\n");
            startTerminal(tty, 0);
        }
        connector = tty;
        hideOverlay();
        state.set(State.LIVE);
        FxThread.run(this::focusTerminal);
    }

    /** Hands the widget a new connector once its previous session has wound down. */
    private void startTerminal(SshTtyConnector tty, int tries) {
        if (widget.isSessionRunning() && tries < 40) {
            javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.millis(50));
            wait.setOnFinished(e -> {
                if (widget != null && tty == connector) {
                    startTerminal(tty, tries + 1);
                }
            });
            wait.play();
            return;
        }
        widget.setTtyConnector(tty);
        widget.start();
    }

    private dev.holdfast.keepalive.KeepaliveEvents keepaliveEvents(SshConnection forConnection) {
        return new dev.holdfast.keepalive.KeepaliveEvents() {
            @Override
            public void event(String message) {
                events.add(message);
            }

            @Override
            public void dead(String cause) {
                FxThread.run(() -> lost(forConnection, cause));
            }
        };
    }

    /** The connection is dead or gone: keep the terminal, stop input, say why, offer Reconnect. */
    private void lost(SshConnection which, String cause) {
        if (which != connection || state.get() != State.LIVE) {
            return;
        }
        events.add("Connection lost: " + cause);
        if (monitor != null) {
            monitor.stop();
        }
        connections.disconnect(which);
        Label title = new Label("Connection lost");
        title.getStyleClass().add("empty-title");
        Label why = new Label(cause);
        why.setId("lostCause");
        why.setWrapText(true);
        Button reconnect = new Button("Reconnect");
        reconnect.setId("reconnect");
        reconnect.setDefaultButton(true);
        reconnect.setOnAction(e -> connect());
        Button close = new Button("Close");
        close.setId("closeLostTab");
        close.setOnAction(e -> closeTab());
        HBox buttons = new HBox(10, reconnect, close);
        buttons.setAlignment(Pos.CENTER);
        Label hint = new Label("Enter or R reconnects in this tab; the text above stays.");
        hint.getStyleClass().add("derived");
        VBox box = new VBox(12, title, why, buttons, hint);
        box.setId("lostPane");
        Node overlay = card(box);
        overlay.getStyleClass().add("dimmed");
        overlay.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.R) {
                e.consume();
                connect();
            }
        });
        showOverlay(overlay);
        reconnect.requestFocus();
        setDot("dot-dead");
        state.set(State.LOST);
        sample();
        if (settings.get().get(Settings.RECONNECT_AUTO)) {
            scheduleAutomatic(box);
        }
    }

    /** After an automatic attempt failed: try again, or say why not. */
    private void continueAutomatically(ConnectFailure.Kind kind, VBox box) {
        EffectiveSettings current = settings.get();
        int max = current.get(Settings.RECONNECT_ATTEMPTS);
        Label note = new Label();
        note.setWrapText(true);
        if (kind == ConnectFailure.Kind.AUTH_FAILED || kind == ConnectFailure.Kind.KEY_FILE
                || kind == ConnectFailure.Kind.CANCELLED || !kind.retryable()) {
            note.setText("Not reconnecting by itself: this needs you (" + kind.title().toLowerCase(java.util.Locale.ROOT)
                    + ").");
            events.add("Automatic reconnect stopped: " + kind.title());
            note.setId("reconnectCountdown");
            box.getChildren().add(note);
            autoAttempt = 0;
            return;
        }
        if (autoAttempt >= max) {
            note.setText("Gave up after " + max + " automatic attempt" + (max == 1 ? "" : "s") + ".");
            events.add("Automatic reconnect gave up after " + max + " attempts");
            note.setId("reconnectCountdown");
            box.getChildren().add(note);
            autoAttempt = 0;
            return;
        }
        scheduleAutomatic(box);
    }

    /** Counts down to the next automatic attempt, shown in {@code box}, with a way to stop it. */
    private void scheduleAutomatic(VBox box) {
        EffectiveSettings current = settings.get();
        int max = current.get(Settings.RECONNECT_ATTEMPTS);
        int next = autoAttempt + 1;
        java.time.Duration wait = dev.holdfast.keepalive.ReconnectBackoff.wait(
                java.time.Duration.ofSeconds(current.get(Settings.RECONNECT_DELAY)), next, Math::random);
        events.add("Automatic reconnect " + next + " of " + max + " in " + wait.toMillis() / 1000.0 + " s");
        Label note = new Label();
        note.setId("reconnectCountdown");
        Button stop = new Button("Stop");
        stop.setId("stopReconnect");
        HBox line = new HBox(10, note, stop);
        line.setAlignment(Pos.CENTER);
        note.setText("Reconnecting in " + (long) Math.ceil(wait.toNanos() / 1e9) + " s (attempt " + next + " of "
                + max + ")");
        box.getChildren().add(line);
        long end = System.nanoTime() + wait.toNanos();
        stopCountdown();
        countdown = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.millis(200), e -> {
            long left = end - System.nanoTime();
            if (left <= 0) {
                stopCountdown();
                autoAttempt = next;
                connectNow();
            } else {
                note.setText("Reconnecting in " + (long) Math.ceil(left / 1e9) + " s (attempt " + next + " of "
                        + max + ")");
            }
        }));
        countdown.setCycleCount(javafx.animation.Animation.INDEFINITE);
        stop.setOnAction(e -> {
            stopCountdown();
            autoAttempt = 0;
            box.getChildren().remove(line);
            events.add("Automatic reconnect stopped by you");
        });
        countdown.play();
    }

    private void stopCountdown() {
        if (countdown != null) {
            countdown.stop();
            countdown = null;
        }
    }

    private void failed(SshConnector.Attempt from, ConnectFailure failure) {
        if (from != attempt || state.get() == State.CLOSED) {
            return;
        }
        LOG.info("Could not connect {}: {} ({})", tab.getText(), failure.kind(), failure.getMessage());
        attempt = null;
        events.add("Could not connect: " + failure.kind().title() + ". " + failure.getMessage());
        Node pane = failurePane(failure);
        showOverlay(pane);
        state.set(State.FAILED);
        if (autoAttempt > 0 && pane.lookup("#failurePane") instanceof VBox box) {
            continueAutomatically(failure.kind(), box);
        }
    }

    private void ended(SshConnection which, SshTtyConnector.Ending ending) {
        if (which != connection || state.get() != State.LIVE) {
            return;
        }
        if (ending.exitStatus().isEmpty()) {
            lost(which, ending.error().map(TerminalTab::describeDrop)
                    .orElse("The server closed the connection."));
            return;
        }
        if (monitor != null) {
            monitor.stop();
        }
        connections.disconnect(which);
        int status = ending.exitStatus().get();
        events.add("Shell exited with status " + status);
        String text = "Session ended: the shell exited with status " + status + ".";
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
        state.set(State.ENDED);
    }

    private static String describeDrop(Throwable error) {
        String message = String.valueOf(error.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset")) {
            return "Connection reset by the server.";
        }
        if (message.contains("eof") || message.contains("closed")) {
            return "The server closed the connection.";
        }
        if (message.contains("broken pipe")) {
            return "The connection broke while sending (broken pipe).";
        }
        return "The connection dropped: " + error.getMessage();
    }

    /** Updates the strip and the tab's dot from the keepalive counters; runs a few times a second. */
    private void sample() {
        if (monitor == null) {
            health.setText(state.get() == State.CONNECTING ? "connecting\u2026" : "");
            setDot("dot-connecting");
            return;
        }
        dev.holdfast.keepalive.HealthSnapshot now = monitor.snapshot();
        String text = dev.holdfast.ui.health.HealthText.strip(now);
        if (state.get() == State.LOST && now.state() != dev.holdfast.keepalive.HealthSnapshot.State.DEAD) {
            text = "disconnected \u00b7 " + text;
        }
        // Only the tab in view updates its strip: every label change costs a layout and render pass, and
        // 50 idle tabs updating theirs 4 times a second took about 45 % of a core (BENCHMARKS.md). The dot
        // in the tab's header stays live.
        if (tab.isSelected()) {
            health.setText(text);
        }
        setDot(state.get() == State.CONNECTING ? "dot-connecting"
                : state.get() == State.LOST || state.get() == State.ENDED ? "dot-dead"
                : dev.holdfast.ui.health.HealthText.dotClass(now.state()));
    }

    private void setDot(String styleClass) {
        if (!dot.getStyleClass().contains(styleClass)) {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            dot.getStyleClass().add(styleClass);
        }
    }

    private void showDetails() {
        if (monitor == null) {
            return;
        }
        dev.holdfast.ui.health.HealthDetails.show(owner.get(), tab.getText(), monitor::snapshot,
                monitor::recentRttMillis, () -> connection == null ? "\u2013" : connection.tcpKeepalive(),
                events::lines);
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
