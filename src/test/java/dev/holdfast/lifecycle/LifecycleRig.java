package dev.holdfast.lifecycle;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.HostKey;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.RemoteShell;
import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A tab's connection without the tab, against a real server: the app's Connections, SshDialer, lifecycle
 * and keepalive engine, and a reader of the shell's output standing in for the terminal. Records every
 * status with the moment it was published. Like a tab, it tells the lifecycle of every network change the
 * app's NetworkWatch sees ({@link Connections#onNetworkChange}), so a countdown to an automatic reconnect
 * tries at once when the network comes back. Public for the benchmarks.
 */
public final class LifecycleRig implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A status and {@link System#nanoTime()} when it was published. */
    public record Seen(LinkStatus<SshLink> status, long atNanos) { }

    public final Connections connections;
    public final ConnectionLifecycle<SshLink> lifecycle;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final List<String> log = new CopyOnWriteArrayList<>();
    private final ExecutorService context = Executors.newSingleThreadExecutor(Threads.factory("test-lifecycle", false));
    private final Runnable stopNetworkWatch;
    public volatile boolean automatic;
    /** The wait before the first automatic reconnect (doubled after each failure). */
    public volatile Duration firstDelay = Duration.ofSeconds(1);
    public volatile int maxAttempts = 5;
    public volatile RemoteShell remote = RemoteShell.plain();
    /** Everything every shell of this rig printed, in order. */
    public final StringBuffer output = new StringBuffer();
    public volatile KeepalivePolicy keepalive = new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(1), 3);
    /** What each attempt connects with, read at each attempt (a test may add forwards before connecting). */
    public volatile ConnectSpec spec;

    /** Logs in to {@code user@host:port} with {@code key}, trusting {@code hostKey}. */
    public LifecycleRig(Path dir, String host, int port, String user, Path key, HostKey hostKey) throws IOException {
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept(host, port, hostKey);
        connections = new Connections(knownHosts, Optional.empty(), dir.resolve("no-ssh-dir"));
        spec = new ConnectSpec("rig", host, port, user, AuthMethod.PUBLIC_KEY, Optional.of(key),
                Duration.ofSeconds(10), "xterm-256color");
        SshDialer dialer = new SshDialer(connections, () -> spec, new ScriptedInteraction(), () -> new int[] {80, 24},
                () -> remote);
        var engine = connections.keepalive();
        lifecycle = new ConnectionLifecycle<>(dialer, () -> new LifecyclePolicy("rig", keepalive, "rig", automatic,
                maxAttempts, firstDelay), new ConnectionLifecycle.Wiring(engine, engine.scheduler(),
                System::nanoTime, context, connections::submit, log::add, () -> 0.5));
        lifecycle.addListener(status -> {
            boolean firstTimeLive = status.state() == LinkState.LIVE && seen.stream().noneMatch(
                    s -> s.status().state() == LinkState.LIVE && s.status().link().equals(status.link()));
            seen.add(new Seen(status, System.nanoTime()));
            if (firstTimeLive) {
                readShell(status.link().orElseThrow());
            }
        });
        stopNetworkWatch = connections.onNetworkChange(lifecycle::networkChanged);
    }

    /** What the terminal does: read the shell until it ends, and tell the lifecycle how it ended. */
    private void readShell(SshLink link) {
        SshTtyConnector tty = new SshTtyConnector(link.connection(), connections::submit, ending -> {
            if (ending.exitStatus().isPresent()) {
                lifecycle.ended(link, ending.exitStatus().get());
            } else {
                lifecycle.dropped(link, ending.error().orElse(null));
            }
        });
        Threads.start("test-shell-reader", () -> {
            char[] buffer = new char[4096];
            try {
                for (int n; (n = tty.read(buffer, 0, buffer.length)) >= 0; ) {
                    output.append(buffer, 0, n);
                }
            } catch (IOException e) {
                // the ending callback has the error
            }
        });
    }

    /** The connection that went live after the status at index {@code from}. */
    public SshLink awaitLive(int from) throws InterruptedException {
        return awaitFrom(from, s -> s.state() == LinkState.LIVE, "connected").status().link().orElseThrow();
    }

    /** Waits for a status from index {@code from} of what was seen; polls, as nothing else can be waited on. */
    public Seen awaitFrom(int from, Predicate<LinkStatus<SshLink>> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = from; i < seen.size(); i++) {
                if (condition.test(seen.get(i).status())) {
                    return seen.get(i);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("timed out waiting until " + what + "; states seen: "
                + seen.stream().map(s -> s.status().state()).toList() + "; log " + log);
    }

    /** Types {@code text} into the current connection's shell. */
    public void type(String text) throws IOException {
        SshLink link = lifecycle.status().link().orElseThrow();
        link.connection().input().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        link.connection().input().flush();
    }

    public int indexOf(String prefix) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        stopNetworkWatch.run();
        lifecycle.close();
        connections.close();
        context.shutdownNow();
    }
}
