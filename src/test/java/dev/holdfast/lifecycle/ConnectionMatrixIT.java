package dev.holdfast.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.KeepalivePolicy;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.Connections;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole matrix against Debian's OpenSSH {@code sshd} (through a loopback proxy that can reset the TCP
 * connection): every kind of drop on the first connection, after a manual Reconnect, after an automatic
 * reconnect and after 10 reconnects. The lifecycle, the SSH connection, the keepalive engine and the
 * shell's reader are the app's own; only the tab is left out. A silence is declared dead at
 * Interval x (CountMax + 1) = 4 s after the server's last byte, within 0.3 s.
 */
class ConnectionMatrixIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long RULE_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    /** How the connection goes. */
    enum Drop { SERVER_CLOSES, TCP_RESET, SILENCE }

    /** What came before the drop. */
    enum Before { FIRST_CONNECTION, AFTER_MANUAL_RECONNECT, AFTER_AUTOMATIC_RECONNECT, AFTER_10_RECONNECTS }

    private record Seen(LinkStatus<SshLink> status, long atNanos) { }

    @TempDir
    Path dir;
    private OpenSshServer server;
    private NatProxy proxy;
    private Connections connections;
    private ExecutorService context;
    private ConnectionLifecycle<SshLink> lifecycle;
    private volatile boolean automatic;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = OpenSshServer.start(dir.resolve("sshd"), "INFO");
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        proxy = new NatProxy(server.port());
        KnownHosts knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept("127.0.0.1", proxy.port(), server.hostKey("ed25519"));
        connections = new Connections(knownHosts, Optional.empty(), dir.resolve("no-ssh-dir"));
        ConnectSpec spec = new ConnectSpec("matrix", "127.0.0.1", proxy.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color");
        SshDialer dialer = new SshDialer(connections, () -> spec, new ScriptedInteraction(), () -> new int[] {80, 24});
        context = Executors.newSingleThreadExecutor(Threads.factory("test-lifecycle", false));
        var engine = connections.keepalive();
        lifecycle = new ConnectionLifecycle<>(dialer, this::policy, new ConnectionLifecycle.Wiring(engine,
                engine.scheduler(), System::nanoTime, context, connections::submit, log::add, () -> 0.5));
        lifecycle.addListener(status -> {
            seen.add(new Seen(status, System.nanoTime()));
            if (status.state() == LinkState.LIVE && seen.stream().filter(s -> s.status().link().equals(status.link())
                    && s.status().state() == LinkState.LIVE).count() == 1) {
                readShell(status.link().orElseThrow());
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (context != null) {
            context.shutdownNow();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private LifecyclePolicy policy() {
        return new LifecyclePolicy("matrix", new KeepalivePolicy(KeepaliveMode.PROBE, Duration.ofSeconds(1), 3),
                "probes every 1 s, dead after 4 s", automatic, 5, Duration.ofSeconds(1));
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
                while (tty.read(buffer, 0, buffer.length) >= 0) {
                    continue; // the output itself does not matter here
                }
            } catch (IOException e) {
                // the ending callback has the error
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void firstConnection(Drop drop) throws Exception {
        runCell(drop, Before.FIRST_CONNECTION);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterAManualReconnect(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_MANUAL_RECONNECT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterAnAutomaticReconnect(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_AUTOMATIC_RECONNECT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Drop.class)
    void afterTenReconnects(Drop drop) throws Exception {
        runCell(drop, Before.AFTER_10_RECONNECTS);
    }

    private void runCell(Drop drop, Before before) throws Exception {
        automatic = before == Before.AFTER_AUTOMATIC_RECONNECT;
        lifecycle.connect();
        SshLink link = awaitLive(0);
        int reconnects = switch (before) {
            case FIRST_CONNECTION -> 0;
            case AFTER_MANUAL_RECONNECT, AFTER_AUTOMATIC_RECONNECT -> 1;
            case AFTER_10_RECONNECTS -> 10;
        };
        for (int i = 0; i < reconnects; i++) {
            int mark = seen.size();
            server.signalSessions("TERM"); // the server side goes away, as in the reproduction
            if (automatic) {
                awaitFrom(mark, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
            } else {
                awaitFrom(mark, s -> s.state() == LinkState.DEAD, "the drop is noticed");
                lifecycle.connect();
            }
            link = awaitLive(mark);
        }
        int from = seen.size();
        long lastByteBefore = System.nanoTime();
        switch (drop) {
            case SERVER_CLOSES -> server.signalSessions("TERM");
            case TCP_RESET -> proxy.abortAll();
            case SILENCE -> server.signalSessions("STOP");
        }
        Seen dead = awaitFrom(from, s -> s.state() == LinkState.DEAD, "declared dead or dropped");
        String cause = dead.status().cause();
        switch (drop) {
            case SERVER_CLOSES -> assertEquals("The server closed the connection.", cause, log.toString());
            case TCP_RESET -> assertTrue(cause.toLowerCase(java.util.Locale.ROOT).contains("reset"), cause);
            case SILENCE -> {
                assertTrue(cause.startsWith("No reply to 3 keepalive probes"), cause);
                long lastByte = link.keepalive().lastInboundNanos();
                assertTrue(lastByte <= lastByteBefore + TimeUnit.SECONDS.toNanos(1), "nothing came after the stop");
                long after = dead.atNanos() - lastByte;
                assertTrue(Math.abs(after - RULE_NANOS) <= TOLERANCE_NANOS,
                        "declared dead " + after / 1e6 + " ms after the server's last byte; the rule says 4000 ms");
                int declared = indexOf("Declared dead");
                int lost = indexOf("Connection lost");
                assertTrue(declared >= 0 && declared < lost, "the log is in time order: " + log);
                server.signalSessions("KILL");
            }
        }
        if (automatic) {
            awaitFrom(from, s -> s.state() == LinkState.COUNTDOWN, "the automatic reconnect counts down");
        }
        assertTrue(!link.connection().isOpen() || drop == Drop.SILENCE, "the dropped connection is closed");
    }

    /** The connection that went live after the status at index {@code from}. */
    private SshLink awaitLive(int from) throws InterruptedException {
        Seen live = awaitFrom(from, s -> s.state() == LinkState.LIVE, "connected");
        return live.status().link().orElseThrow();
    }

    /** Waits for a status from index {@code from} of what was seen; polls, as nothing else can be waited on. */
    private Seen awaitFrom(int from, Predicate<LinkStatus<SshLink>> condition, String what)
            throws InterruptedException {
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

    private int indexOf(String prefix) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
