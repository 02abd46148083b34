package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.CheckReason;
import dev.holdfast.keepalive.HealthSnapshot;
import dev.holdfast.keepalive.KeepaliveEngine;
import dev.holdfast.keepalive.KeepaliveEvents;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.keepalive.ReconnectBackoff;
import dev.holdfast.ssh.ConnectFailure;
import dev.holdfast.ssh.FailureExplainer;
import dev.holdfast.threads.SerialExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One tab's connection, without the tab: the one owner of the current attempt and connection, the
 * keepalive monitor, the automatic reconnect and the guard that drops what stale attempts and old
 * connections report. Every input (from a person, an attempt, the keepalive engine, the shell) is a
 * method here; every change reaches the {@link Listener}s as a {@link LinkStatus}.
 *
 * <p>Threads: inputs may come from any thread; they run one at a time, in order, on the {@code context}
 * executor (the FX thread in the app), and listeners are called there. Blocking work (closing a
 * connection, cancelling an attempt) goes to {@code background}. Time comes from the injected clock and
 * scheduler, so every transition is a unit test on fake time.
 *
 * @param <L> the kind of connection
 */
public final class ConnectionLifecycle<L extends Link> {

    /** Told of every change, on the context executor. */
    public interface Listener<L> {
        void changed(LinkStatus<L> status);
    }

    /** The lifecycle's collaborators. */
    public record Wiring(KeepaliveEngine engine, KeepaliveEngine.Scheduler scheduler, LongSupplier clock,
                         Executor context, Executor background, Consumer<String> eventLog, DoubleSupplier random) {
    }

    private final Dialer<L> dialer;
    private final Supplier<LifecyclePolicy> policies;
    private final Wiring wiring;
    private final SerialExecutor context;
    private final List<Listener<L>> listeners = new CopyOnWriteArrayList<>();
    private volatile LinkStatus<L> status = LinkStatus.initial();
    private volatile KeepaliveEngine.Monitor monitor;
    private Dialer.Dialing dialing;
    private int attempts;
    private Runnable cancelCountdown = () -> { };
    private int countdowns;
    private boolean published;

    public ConnectionLifecycle(Dialer<L> dialer, Supplier<LifecyclePolicy> policies, Wiring wiring) {
        this.dialer = dialer;
        this.policies = policies;
        this.wiring = wiring;
        this.context = new SerialExecutor(wiring.context(), "connection lifecycle");
    }

    public void addListener(Listener<L> listener) {
        listeners.add(listener);
    }

    /** The state now; any thread. */
    public LinkStatus<L> status() {
        return status;
    }

    /** The keepalive counters, once a connection was made; any thread. */
    public Optional<HealthSnapshot> health() {
        KeepaliveEngine.Monitor m = monitor;
        return m == null ? Optional.empty() : Optional.of(m.snapshot());
    }

    /** The latest probes' round-trip times in milliseconds, oldest first. */
    public List<Double> recentRttMillis() {
        KeepaliveEngine.Monitor m = monitor;
        return m == null ? List.of() : m.recentRttMillis();
    }

    /** How long until the automatic reconnect counted down to starts, if one is. */
    public Optional<Duration> countdownLeft() {
        return status.countdown().map(c -> Duration.ofNanos(Math.max(0, c.dueNanos() - wiring.clock().getAsLong())));
    }

    /** A person asked to connect: the first time, Retry, Reconnect or Open again. Ignored while an attempt runs. */
    public void connect() {
        context.execute(() -> start(0));
    }

    /** A person stopped the automatic reconnect counted down to. */
    public void stopAutomatic() {
        context.execute(() -> {
            if (status.state() != LinkState.COUNTDOWN) {
                return;
            }
            cancelCountdown.run();
            wiring.eventLog().accept("Automatic reconnect stopped by you");
            LinkState back = status.failure().isPresent() ? LinkState.FAILED : LinkState.DEAD;
            publish(with(back).countdown(null).note("").auto(0));
        });
    }

    /**
     * The network changed (an interface or an address appeared or went): an automatic reconnect counting down
     * tries at once instead of waiting out its backoff, as the network it waits for may be back. Any other
     * state is left as it is (a live connection is checked by the keepalive engine).
     */
    public void networkChanged() {
        context.execute(() -> {
            if (status.state() != LinkState.COUNTDOWN) {
                return;
            }
            int attempt = status.countdown().map(LinkStatus.Countdown::attempt).orElse(1);
            wiring.eventLog().accept("The network changed: automatic reconnect " + attempt + " starts now");
            start(attempt);
        });
    }

    /** The tab closed: stop everything, close the connection. Idempotent. */
    public void close() {
        context.execute(() -> {
            if (status.state() == LinkState.CLOSED) {
                return;
            }
            cancelCountdown.run();
            stopMonitor();
            wiring.eventLog().accept("Tab closed");
            if (dialing != null) {
                Dialer.Dialing stopping = dialing;
                dialing = null;
                wiring.background().execute(stopping::cancel);
            }
            status.link().ifPresent(this::closeLink);
            publish(with(LinkState.CLOSED).countdown(null));
        });
    }

    /** The shell's output ended without an exit status: the connection dropped ({@code error} may be null). */
    public void dropped(L link, Throwable error) {
        context.execute(() -> {
            if (isCurrent(link)) {
                lose(FailureExplainer.drop(error));
            }
        });
    }

    /** The remote shell exited with {@code exitStatus}. */
    public void ended(L link, int exitStatus) {
        context.execute(() -> {
            if (!isCurrent(link)) {
                return;
            }
            stopMonitor();
            closeLink(link);
            wiring.eventLog().accept("Shell exited with status " + exitStatus);
            publish(with(LinkState.ENDED).exitStatus(exitStatus));
        });
    }

    private boolean isCurrent(L link) {
        return status.state().live() && status.link().orElse(null) == link;
    }

    private void start(int automatic) {
        LinkState now = status.state();
        if (now == LinkState.CLOSED || (now.connecting() && dialing != null)) {
            return;
        }
        cancelCountdown.run();
        if (now.live()) {
            stopMonitor();
            status.link().ifPresent(this::closeLink);
        }
        LifecyclePolicy policy = policies.get();
        int mine = ++attempts;
        boolean again = status.everConnected();
        wiring.eventLog().accept((again ? "Reconnecting to " : "Connecting to ") + policy.target()
                + (automatic > 0 ? " (automatic attempt " + automatic + ")" : ""));
        publish(with(LinkState.CONNECTING).auto(automatic).step("").cause("").failure(null).countdown(null)
                .note("").checking(null));
        dialing = dialer.dial(new AttemptOutcome(mine, policy));
    }

    private void connected(int attempt, LifecyclePolicy policy, L link) {
        if (attempt != attempts || status.state() == LinkState.CLOSED || !status.state().connecting()) {
            closeLink(link);
            return;
        }
        dialing = null;
        wiring.eventLog().accept("Connected and authenticated; shell started. TCP keepalive " + link.tcpKeepalive());
        attachMonitor(link, policy.keepalive());
        wiring.eventLog().accept("Keepalive: " + policy.keepaliveSummary());
        publish(with(LinkState.LIVE).link(link).auto(0).step(""));
    }

    private void failed(int attempt, ConnectFailure failure) {
        if (attempt != attempts || !status.state().connecting()) {
            return;
        }
        dialing = null;
        wiring.eventLog().accept("Could not connect: " + failure.kind().title() + ". " + failure.getMessage());
        StatusChange<L> failedNow = with(LinkState.FAILED).failure(failure).cause("");
        int automatic = status.autoAttempt();
        if (automatic == 0) {
            publish(failedNow);
            return;
        }
        LifecyclePolicy policy = policies.get();
        if (failure.kind().needsPerson()) {
            wiring.eventLog().accept("Automatic reconnect stopped: " + failure.kind().title());
            publish(failedNow.auto(0).note("Not reconnecting by itself: this needs you ("
                    + failure.kind().title().toLowerCase(Locale.ROOT) + ")."));
        } else if (automatic >= policy.maxAttempts()) {
            wiring.eventLog().accept("Automatic reconnect gave up after " + policy.maxAttempts() + " attempts");
            publish(failedNow.auto(0).note("Gave up after " + policy.maxAttempts() + " automatic attempt"
                    + (policy.maxAttempts() == 1 ? "" : "s") + "."));
        } else {
            publish(failedNow);
            countDown(automatic + 1, policy);
        }
    }

    /** The connection is dead or gone: keep what the tab shows, close it, and reconnect by itself if set. */
    private void lose(String cause) {
        wiring.eventLog().accept("Connection lost: " + cause);
        stopMonitor();
        status.link().ifPresent(this::closeLink);
        LifecyclePolicy policy = policies.get();
        publish(with(LinkState.DEAD).cause(cause).checking(null));
        if (policy.autoReconnect()) {
            countDown(1, policy);
        }
    }

    private void countDown(int attempt, LifecyclePolicy policy) {
        Duration wait = ReconnectBackoff.wait(policy.firstDelay(), attempt, wiring.random());
        wiring.eventLog().accept("Automatic reconnect " + attempt + " of " + policy.maxAttempts() + " in "
                + wait.toMillis() / 1000.0 + " s");
        int mine = ++countdowns;
        long due = wiring.clock().getAsLong() + wait.toNanos();
        cancelCountdown = wiring.scheduler().schedule(() -> context.execute(() -> {
            if (mine == countdowns && status.state() == LinkState.COUNTDOWN) {
                start(attempt);
            }
        }), wait.toNanos());
        publish(with(LinkState.COUNTDOWN).auto(attempt).note("")
                .countdown(new LinkStatus.Countdown(attempt, policy.maxAttempts(), due)));
    }

    private void attachMonitor(L link, KeepalivePolicy policy) {
        KeepaliveEngine.Monitor current = monitor;
        if (current != null && current.policy().equals(policy)) {
            current.reattach(link.keepalive(), keepaliveEvents(link));
            return;
        }
        if (current != null) {
            current.stop();
        }
        monitor = wiring.engine().monitor(link.keepalive(), policy, keepaliveEvents(link));
    }

    private void stopMonitor() {
        KeepaliveEngine.Monitor current = monitor;
        if (current != null) {
            current.stop();
        }
    }

    /** The engine's reports about {@code link}: each is checked against the connection now, here, once. */
    private KeepaliveEvents keepaliveEvents(L link) {
        return new KeepaliveEvents() {
            @Override
            public void event(String message) {
                wiring.eventLog().accept(message);
            }

            @Override
            public void dead(String cause) {
                context.execute(() -> {
                    if (isCurrent(link)) {
                        lose(link.explainSilence(cause));
                    }
                });
            }

            @Override
            public void suspect() {
                context.execute(() -> {
                    if (isCurrent(link) && status.state() == LinkState.LIVE) {
                        publish(with(LinkState.SUSPECT));
                    }
                });
            }

            @Override
            public void alive() {
                context.execute(() -> {
                    if (isCurrent(link)) {
                        publish(with(LinkState.LIVE).checking(null));
                    }
                });
            }

            @Override
            public void checking(CheckReason reason) {
                context.execute(() -> {
                    if (isCurrent(link)) {
                        publish(with(status.state()).checking(reason));
                    }
                });
            }
        };
    }

    private void closeLink(L link) {
        wiring.background().execute(link::close);
    }

    private StatusChange<L> with(LinkState state) {
        return new StatusChange<>(status, state);
    }

    private void publish(StatusChange<L> next) {
        LinkStatus<L> made = next.build();
        if (made.equals(status) && published) {
            return;
        }
        published = true;
        status = made;
        for (Listener<L> listener : listeners) {
            listener.changed(made);
        }
    }

    /** One attempt's reports, each dropped unless the attempt is still the current one. */
    private final class AttemptOutcome implements Dialer.Outcome<L> {
        private final int attempt;
        private final LifecyclePolicy policy;

        AttemptOutcome(int attempt, LifecyclePolicy policy) {
            this.attempt = attempt;
            this.policy = policy;
        }

        @Override
        public void progress(String step) {
            context.execute(() -> {
                if (attempt == attempts && status.state().connecting()) {
                    wiring.eventLog().accept(step);
                    publish(with(status.state()).step(step));
                }
            });
        }

        @Override
        public void waitingForUser(boolean waiting) {
            context.execute(() -> {
                if (attempt == attempts && status.state().connecting()) {
                    publish(with(waiting ? LinkState.WAITING_FOR_USER : LinkState.CONNECTING));
                }
            });
        }

        @Override
        public void connected(L link) {
            context.execute(() -> ConnectionLifecycle.this.connected(attempt, policy, link));
        }

        @Override
        public void failed(ConnectFailure failure) {
            context.execute(() -> ConnectionLifecycle.this.failed(attempt, failure));
        }
    }
}
