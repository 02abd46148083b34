package dev.holdfast.ui.terminal;

import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.lifecycle.ConnectionLifecycle;
import dev.holdfast.lifecycle.LifecyclePolicy;
import dev.holdfast.lifecycle.LinkState;
import dev.holdfast.lifecycle.LinkStatus;
import dev.holdfast.lifecycle.SshDialer;
import dev.holdfast.lifecycle.SshLink;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.Settings;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.EventLog;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.ssh.ShellStart;
import dev.holdfast.session.RemoteSession;
import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.health.HealthDetails;
import dev.holdfast.ui.health.HealthStrip;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;

/**
 * One session in one tab: a view of its {@link ConnectionLifecycle}. It shows what the lifecycle says
 * (connecting, the failure with Retry, the terminal with its health strip, "connection lost" with
 * Reconnect and the automatic reconnect's countdown, "session ended" with Open again) and passes on what
 * the person does; it decides nothing. FX thread only.
 */
public final class TerminalTab {

    /** Where the tab is, coarsely: what the person sees. */
    public enum State { CONNECTING, FAILED, LIVE, LOST, ENDED, CLOSED }

    private final Supplier<EffectiveSettings> settings;
    private final Connections connections;
    private final Supplier<Window> owner;
    private final Tab tab;
    private final StackPane root = new StackPane();
    private final TerminalView terminal = new TerminalView();
    private final SessionLog sessionLog = new SessionLog();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CONNECTING);
    private final EventLog events;
    /** Opens the list of the connection's port forwards; shown once a connection has some. */
    private final javafx.scene.control.Button forwardsButton = new javafx.scene.control.Button("Forwards\u2026");
    private final FxInteraction interaction;
    private final ConnectionLifecycle<SshLink> lifecycle;
    private final HealthStrip health;
    private final Label notConnected = new Label();
    private Supplier<Optional<Runnable>> editAction = Optional::empty;
    private volatile int[] size = {80, 24};
    private ConnectSpec lastSpec;
    private volatile RemoteShell lastRemote = RemoteShell.plain();
    private final int slot;
    private final String sessionId;
    private final String remoteName;
    private final Notice notice = new Notice();
    private final Runnable stopNetworkWatch;
    /** A restored tab that connects when it is first shown. */
    private boolean deferred;
    private ConnectingCard connecting;
    private ProblemCard problem;
    private Node ended;
    private SshLink shown;

    /**
     * @param settings the session's settings, read again at each (re)connect so edits apply
     * @param owner the window that owns this tab's dialogs
     */
    public TerminalTab(Supplier<EffectiveSettings> settings, Connections connections, Supplier<Window> owner) {
        this(settings, connections, owner, 1);
    }

    /**
     * @param slot which of the session's tabs this is (from 1): with tmux or screen, the remote session's name
     *             is made of the session's name and this, so the same slot resumes the same remote session
     */
    public TerminalTab(Supplier<EffectiveSettings> settings, Connections connections, Supplier<Window> owner, int slot) {
        this(settings, connections, owner, slot, RemoteShell.nameFor(settings.get().profile().name(), slot));
    }

    /**
     * @param remoteName the tmux or screen session's name, such as one restored from the last run or one picked
     *                   from the server's list (a safe name: {@link RemoteShell#isSafeName})
     */
    public TerminalTab(Supplier<EffectiveSettings> settings, Connections connections, Supplier<Window> owner, int slot,
                       String remoteName) {
        this.settings = settings;
        this.connections = connections;
        this.owner = owner;
        this.slot = slot;
        if (!RemoteShell.isSafeName(remoteName)) {
            throw new IllegalArgumentException("unsafe remote session name " + remoteName);
        }
        this.remoteName = remoteName;
        EffectiveSettings initial = settings.get();
        this.sessionId = initial.profile().id();
        events = connections.eventLog(initial.profile().name());
        interaction = new FxInteraction(owner);
        SshDialer dialer = new SshDialer(connections, () -> lastSpec, interaction, () -> size, () -> lastRemote);
        var engine = connections.keepalive();
        lifecycle = new ConnectionLifecycle<>(dialer, () -> LifecyclePolicy.from(settings.get()),
                new ConnectionLifecycle.Wiring(engine, engine.scheduler(), System::nanoTime, FxThread::run,
                        connections::submit, events::add, Math::random));
        BorderPane frame = new BorderPane(root);
        tab = new Tab(initial.profile().name(), frame);
        tab.getStyleClass().add("session-tab");
        tab.setTooltip(new Tooltip(initial.target()));
        tab.setUserData(this);
        tab.setOnClosed(e -> close());
        health = new HealthStrip(lifecycle::health, lifecycle::status, tab::isSelected, this::showDetails);
        health.watchHop(this::firstHopHealth);
        tab.setGraphic(health.dot());
        forwardsButton.setId("forwardsButton");
        forwardsButton.getStyleClass().add("forwards-button");
        forwardsButton.setOnAction(e -> showForwards());
        forwardsButton.managedProperty().bind(forwardsButton.visibleProperty());
        forwardsButton.setVisible(false);
        javafx.scene.layout.HBox.setHgrow(health.strip(), javafx.scene.layout.Priority.ALWAYS);
        frame.setBottom(new javafx.scene.layout.HBox(health.strip(), forwardsButton));
        root.getStyleClass().add("terminal-tab");
        root.setId("terminalTab");
        notConnected.setId("notConnected");
        notConnected.getStyleClass().add("not-connected");
        notConnected.setVisible(false);
        StackPane.setAlignment(notConnected, Pos.TOP_CENTER);
        root.getChildren().addAll(terminal.node(), notConnected, notice.node());
        tab.selectedProperty().addListener((o, was, selected) -> {
            if (selected) {
                if (deferred) {
                    FxThread.later(this::connectIfShown);
                }
                health.refresh();
                terminal.shown();
            }
        });
        lifecycle.addListener(this::show);
        // while an automatic reconnect counts down, a network that comes back makes it try at once
        stopNetworkWatch = connections.onNetworkChange(lifecycle::networkChanged);
    }

    /** The id of the saved session this tab shows (or of the unsaved one it was opened for). */
    public String sessionId() {
        return sessionId;
    }

    /** The session's settings, as they are at each (re)connect. */
    public Supplier<EffectiveSettings> settings() {
        return settings;
    }

    /** Which of its session's tabs this is (from 1). */
    public int slot() {
        return slot;
    }

    /** The name the tab's tmux or screen session has (or would have) on the server. */
    public String remoteName() {
        return remoteName;
    }

    /** How the current (or last) connection's shell was started, once one was made. */
    public Optional<ShellStart> shellStart() {
        return Optional.ofNullable(shown).map(link -> link.connection().shellStart());
    }

    /** What the notice above the terminal says now (resumed, a fallback), empty when none is shown. */
    public String noticeText() {
        return notice.text();
    }

    /** What "Edit Session…" on a failure card does: empty (no button) for a destination that is no saved session. */
    public void setEditAction(Supplier<Optional<Runnable>> editAction) {
        this.editAction = editAction;
    }

    /** Gives the keyboard to the terminal (after switching tabs by key). */
    public void focusTerminal() {
        terminal.focus();
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

    /** The lifecycle this tab shows, with its finer states. */
    public ConnectionLifecycle<SshLink> lifecycle() {
        return lifecycle;
    }

    /** Whether closing this tab would drop a live connection (or one being made). */
    public boolean isBusy() {
        return !deferred && (state.get() == State.LIVE || state.get() == State.CONNECTING);
    }

    /** The keepalive counters now, if the tab has connected at least once. */
    public Optional<HealthSnapshot> health() {
        return lifecycle.health();
    }

    /** The connection's event log lines. */
    public List<String> eventLines() {
        return events.lines();
    }

    /** The terminal's visible lines as text, for tests and diagnostics; empty before the terminal exists. */
    public String screenText() {
        return terminal.screenText();
    }

    /** The scrollback and the visible lines as text. */
    public String allText() {
        return terminal.allText();
    }

    /** The terminal's size in {columns, rows}, or none before it exists. */
    public Optional<int[]> terminalSize() {
        return terminal.size();
    }

    /** Starts connecting, or connects again below the scrollback kept. */
    public void connect() {
        lifecycle.connect();
    }

    /** Connects when the tab is first shown (at once if it is shown now): a tab restored at start. */
    public void connectWhenShown() {
        deferred = true;
        FxThread.later(this::connectIfShown);
    }

    /**
     * A deferred tab connects once it is still the one shown a moment after it was selected: restoring tabs
     * selects the first one added before the one that was selected at quit, which must not connect for that.
     */
    private void connectIfShown() {
        if (deferred && tab.isSelected() && state.get() != State.CLOSED) {
            deferred = false;
            lifecycle.connect();
        }
    }

    /** Whether this tab waits to be shown before it connects. */
    public boolean isDeferred() {
        return deferred;
    }

    /** Whether the live connection's shell is a tmux or screen session, which closing the tab can leave running. */
    public boolean hasLiveRemoteSession() {
        return state.get() == State.LIVE && lifecycle.status().link()
                .map(link -> link.connection().shellStart().used().kind().survives()).orElse(false);
    }

    /** The live connection's shell, if the tab is live. */
    private Optional<dev.holdfast.ssh.SshConnection> liveConnection() {
        return state.get() == State.LIVE ? lifecycle.status().link().map(SshLink::connection) : Optional.empty();
    }

    /** How long a command beside the shell (list, end) may take. */
    private static final java.time.Duration COMMAND_WAIT = java.time.Duration.ofSeconds(15);

    /**
     * Runs {@code command} on the live connection, beside the shell, off the FX thread; {@code done} gets its
     * output and {@code failed} the reason in words, on the FX thread.
     */
    public void runBeside(String command, java.util.function.Consumer<String> done,
                          java.util.function.Consumer<String> failed) {
        Optional<dev.holdfast.ssh.SshConnection> connection = liveConnection();
        if (connection.isEmpty()) {
            failed.accept("The tab is not connected.");
            return;
        }
        connections.submit(() -> {
            try {
                String output = connection.get().run(command, 256 * 1024, COMMAND_WAIT);
                FxThread.run(() -> done.accept(output));
            } catch (java.io.IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                FxThread.run(() -> failed.accept(why));
            }
        });
    }

    /** Disconnects and stops everything this tab runs. Idempotent. */
    public void close() {
        if (state.get() == State.CLOSED) {
            return;
        }
        state.set(State.CLOSED);
        stopNetworkWatch.run();
        notice.hide();
        health.stop();
        interaction.cancelAll();
        lifecycle.close();
        if (problem != null) {
            problem.stopTicker();
        }
        terminal.dispose();
    }

    /** Shows what the lifecycle says. */
    private void show(LinkStatus<SshLink> status) {
        if (state.get() == State.CLOSED) {
            return;
        }
        LinkState now = status.state();
        state.set(coarse(status));
        if (now.connecting()) {
            showConnecting(status);
        } else if (now.live()) {
            showLive(status.link().orElseThrow());
        } else if (now == LinkState.FAILED || now == LinkState.DEAD || now == LinkState.COUNTDOWN) {
            showProblem(status);
        } else if (now == LinkState.ENDED) {
            hideOverlay();
            ended = EndedBar.of(status.exitStatus().orElse(-1), lifecycle::connect, this::closeTab);
            root.getChildren().add(ended);
        }
        health.refresh();
    }

    private static State coarse(LinkStatus<SshLink> status) {
        return switch (status.state()) {
            case CONNECTING, WAITING_FOR_USER -> State.CONNECTING;
            case LIVE, SUSPECT -> State.LIVE;
            case FAILED -> State.FAILED;
            case DEAD -> State.LOST;
            case COUNTDOWN -> status.failure().isPresent() ? State.FAILED : State.LOST;
            case ENDED -> State.ENDED;
            case CLOSED -> State.CLOSED;
        };
    }

    private void showConnecting(LinkStatus<SshLink> status) {
        if (connecting == null) {
            hideOverlay();
            notConnected.setVisible(false);
            EffectiveSettings current = settings.get();
            lastSpec = ConnectSpec.from(current);
            RemoteSession kind = current.get(Settings.REMOTE_SESSION);
            lastRemote = kind.survives() ? new RemoteShell(kind, remoteName) : RemoteShell.plain();
            tab.setText(current.profile().name());
            String jumps = lastSpec.access().jumps().isEmpty() ? ""
                    : "\nthrough " + dev.holdfast.session.JumpHosts.format(lastSpec.access().jumps());
            tab.getTooltip().setText(current.target() + jumps + (kind.survives() ? "\n" + kind.program() + " session "
                    + remoteName : ""));
            size = terminal.sizeOrGuess(current.get(Settings.FONT_SIZE));
            connecting = new ConnectingCard(lastSpec.target(), terminal.exists(), this::closeTab);
            connecting.step("Connecting to " + lastSpec.endpoint());
            root.getChildren().add(connecting.node());
        }
        if (!status.step().isEmpty()) {
            connecting.step(status.step());
        }
    }

    private void showLive(SshLink link) {
        hideOverlay();
        notConnected.setVisible(false);
        if (link == shown) {
            return;
        }
        shown = link;
        link.connection().forwards().onEvent(events::add);
        forwardsButton.setVisible(!link.connection().forwards().list().isEmpty());
        SshTtyConnector tty = new SshTtyConnector(link.connection(), connections::submit, ending -> {
            if (ending.exitStatus().isPresent()) {
                lifecycle.ended(link, ending.exitStatus().get());
            } else {
                lifecycle.dropped(link, ending.error().orElse(null));
            }
        });
        tty.setInputGate(() -> lifecycle.status().state().live() && lifecycle.status().link().orElse(null) == link,
                () -> FxThread.run(this::sayNotConnected));
        EffectiveSettings used = settings.get();
        sessionLog.start(tty, used, tab);
        ShellStart start = link.connection().shellStart();
        String time = java.time.LocalTime.now(java.time.ZoneId.systemDefault()).withNano(0).toString();
        String marker = marker(start, time);
        if (!terminal.exists() && start.resumed()) {
            tty.setPreamble(marker); // a tab that resumes at once (after a restart): say so there too
        }
        terminal.attach(tty, TerminalSettings.of(used), marker);
        showNotice(start, time);
        FxThread.run(terminal::focus);
    }

    /**
     * The line put above a new connection's output: first the modes the last program may have left on
     * (alternate screen, mouse reporting, bracketed paste, application keys, scroll region, hidden cursor) are
     * switched off, as the new shell expects a terminal in its plain state; then, dimmed, what happened.
     */
    static String marker(ShellStart start, String time) {
        String what;
        if (start.resumed()) {
            what = "resumed " + time + " (" + start.used().kind().program() + " session " + start.used().name() + ")";
        } else if (start.used().kind().survives()) {
            what = "reconnected " + time + ": a new " + start.used().kind().program() + " session " + start.used().name()
                    + " (the last one had ended)";
        } else {
            what = "reconnected " + time + (start.fellBack() ? ": a plain shell, " + start.asked().kind().program()
                    + " is not there" : "");
        }
        return MODES_OFF + "\r\n\u001b[2m-- " + what + " --\u001b[0m\r\n";
    }

    /** Alternate screen, mouse reporting (all kinds), bracketed paste, application keys off; scroll region reset. */
    private static final String MODES_OFF = "\u001b[?1049l\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1005l"
            + "\u001b[?1006l\u001b[?1015l\u001b[?2004l\u001b[?1l\u001b>\u001b[r\u001b[?25h\u001b[0m";

    /** What the person is told above the terminal: resumed (for a while), or why a plain shell runs (until closed). */
    private void showNotice(ShellStart start, String time) {
        if (start.fellBack()) {
            RemoteSession kind = start.asked().kind();
            String endpoint = lastSpec.endpoint();
            events.add("Remote session: " + start.fallback());
            notice.show(start.fallback(), "Try " + kind.program() + " Again", () -> {
                connections.connector().remoteShellMemory().forget(kind, endpoint);
                notice.hide();
                lifecycle.connect();
            }, false);
        } else if (start.resumed()) {
            events.add("Resumed " + start.describe());
            notice.show("Resumed at " + time + ": the " + start.used().kind().program() + " session "
                    + start.used().name() + " and what runs in it went on while you were away.", null, null, true);
        } else if (start.used().kind().survives()) {
            events.add("Started " + start.describe());
            notice.hide();
        } else {
            notice.hide();
        }
    }

    private void showProblem(LinkStatus<SshLink> status) {
        Object what = status.failure().isPresent() ? status.failure().get() : status.cause();
        if (problem == null || !problem.shows(what)) {
            hideOverlay();
            problem = status.failure().isPresent()
                    ? ProblemCard.failed(status.failure().get(), lastSpec, terminal.exists(), lifecycle::connect,
                            editAction.get(), this::closeTab)
                    : ProblemCard.lost(status.cause(), lifecycle::connect, this::closeTab);
            root.getChildren().add(problem.node());
        }
        problem.automatic(status.countdown(), status.note(), lifecycle::countdownLeft, lifecycle::stopAutomatic);
    }

    /** Typed keys reached a connection that is not live: say so instead of dropping them silently. */
    private void sayNotConnected() {
        if (state.get() == State.LIVE || state.get() == State.CLOSED) {
            return;
        }
        notConnected.setText("Not connected: what you type is not sent. "
                + (state.get() == State.ENDED ? "Open again to start a new shell." : "Reconnect first."));
        notConnected.setVisible(true);
        notConnected.toFront();
    }

    private void hideOverlay() {
        if (connecting != null) {
            root.getChildren().remove(connecting.node());
            connecting = null;
        }
        if (problem != null) {
            problem.stopTicker();
            root.getChildren().remove(problem.node());
            problem = null;
        }
        if (ended != null) {
            root.getChildren().remove(ended);
            ended = null;
        }
    }

    /** The first jump host's health on the current connection, if it goes through one. */
    private Optional<dev.holdfast.keepalive.HopHealth> firstHopHealth() {
        return lifecycle.status().link().flatMap(link -> link.connection().firstHopHealth());
    }

    private void showDetails() {
        if (lifecycle.health().isEmpty()) {
            return;
        }
        HealthDetails.show(owner.get(), tab.getText(), () -> lifecycle.health().orElseThrow(),
                lifecycle::recentRttMillis, () -> lifecycle.status().link().map(SshLink::tcpKeepalive).orElse("\u2013"),
                events::lines, this::firstHopHealth);
    }

    private void showForwards() {
        ForwardsView.show(owner.get(), tab.getText(), () -> lifecycle.status().link()
                .map(link -> link.connection().forwards().states()));
    }

    private void closeTab() {
        close();
        if (tab.getTabPane() != null) {
            tab.getTabPane().getTabs().remove(tab);
        }
    }
}
