package dev.holdfast.ssh;

import dev.holdfast.threads.Threads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's SSH side, wired once: the connector, the known-hosts files, the in-memory secrets, and the
 * background threads that connect and disconnect so the UI never waits on the network. Tracks open
 * connections so exit can close them all within a time limit.
 */
public final class Connections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private final SshConnector connector;
    private final ExecutorService background;
    /** Handshake deadlines of every attempt. */
    private final ScheduledExecutorService deadlines;
    private final Set<SshConnection> open = ConcurrentHashMap.newKeySet();
    private final dev.holdfast.keepalive.KeepaliveEngine keepalive = dev.holdfast.keepalive.KeepaliveEngine.start();
    private final java.util.Optional<Path> logsDir;
    /** The event logs of tabs still referenced, so a rename can take them along. */
    private final Set<EventLog> eventLogs = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    /** How often the wall clock is compared with the monotonic one, and the jump that means a sleep. */
    private static final Duration WAKE_POLL = Duration.ofSeconds(1);
    private static final Duration WAKE_JUMP = Duration.ofSeconds(3);
    /** How often the network interfaces are compared. */
    private static final Duration NETWORK_POLL = Duration.ofSeconds(2);
    private final Runnable stopWakeWatch;
    private final dev.holdfast.keepalive.NetworkWatch network;

    /**
     * @param logsDir where each session's event log is appended, if anywhere
     * @param sshDir the user's OpenSSH directory, where keys are looked for when a session names none
     */
    public Connections(KnownHosts knownHosts, java.util.Optional<Path> logsDir, Path sshDir) {
        this.logsDir = logsDir;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Threads.factory("connect-deadline", false));
        // SshCrypto.install() is left to the first connection (ConnectAttempt, on a background thread): it
        // loads every JCA provider, which instantiates BouncyCastle from its signed jar, and costs about a
        // second of start-up for nothing when no connection is made.
        this.connector = new SshConnector(knownHosts, new SecretCache(), sshDir, deadlines);
        this.background = Executors.newCachedThreadPool(Threads.factory("ssh"));
        // After a sleep or a network change every connection is probed at once (CheckReason): Java's
        // monotonic clock stops during sleep on Linux and macOS, so a dead connection would otherwise look
        // healthy for up to Interval x (CountMax + 1) of awake time.
        this.stopWakeWatch = keepalive.watchForWake(System::currentTimeMillis, WAKE_POLL, WAKE_JUMP);
        this.network = dev.holdfast.keepalive.NetworkWatch.start(dev.holdfast.keepalive.NetworkWatch::system,
                NETWORK_POLL, this::networkChanged);
    }

    /** Tabs told of a network change (to reconnect at once instead of waiting out a countdown). */
    private final List<Runnable> networkListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Runs {@code listener} (on the network watch's thread) after each network change: an interface or an
     * address appeared, went away or changed.
     *
     * @return what stops it
     */
    public Runnable onNetworkChange(Runnable listener) {
        networkListeners.add(listener);
        return () -> networkListeners.remove(listener);
    }

    /** What a network change does: every connection is probed at once, and the listeners are told. */
    void networkChanged() {
        keepalive.checkAll(dev.holdfast.keepalive.CheckReason.NETWORK_CHANGE);
        for (Runnable listener : networkListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A network change listener failed", e);
            }
        }
    }

    /**
     * With the user's {@code ~/.ssh} (its {@code known_hosts} read only, its keys) and {@code known_hosts}
     * in the config directory. The one place the SSH side reads {@code user.home}.
     */
    public static Connections standard(Path configDir) {
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        return new Connections(KnownHosts.standard(configDir, sshDir), java.util.Optional.of(configDir.resolve("logs")), sshDir);
    }

    /** The one keepalive engine for every connection. */
    public dev.holdfast.keepalive.KeepaliveEngine keepalive() {
        return keepalive;
    }

    /** A new event log for a tab of the named session. */
    public EventLog eventLog(String sessionName) {
        EventLog log = new EventLog(logsDir.map(dir -> EventLog.fileFor(dir, sessionName)), this::submit);
        synchronized (eventLogs) {
            eventLogs.add(log);
        }
        return log;
    }

    /**
     * A saved session was renamed: its log file takes the new name, and the logs of its open tabs write
     * there from now on, so a session keeps one log across renames.
     */
    public void sessionRenamed(String oldName, String newName) {
        if (logsDir.isEmpty() || oldName.equals(newName)) {
            return;
        }
        Path from = EventLog.fileFor(logsDir.get(), oldName);
        Path to = EventLog.fileFor(logsDir.get(), newName);
        List<EventLog> following;
        synchronized (eventLogs) {
            following = eventLogs.stream().filter(log -> log.file().filter(from::equals).isPresent()).toList();
        }
        if (following.isEmpty()) {
            submit(() -> EventLog.moveFile(from, to));
        } else {
            // each open log moves the file after its own pending lines; the first move finds it, the rest append
            following.forEach(log -> log.moveTo(to));
        }
    }

    public SshConnector connector() {
        return connector;
    }

    /** Runs blocking SSH work (connecting, disconnecting) off the caller's thread. */
    public void submit(Runnable work) {
        try {
            background.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("background work after shutdown dropped");
        }
    }

    /** Records a connection as open until {@link #disconnect} or exit. */
    public void opened(SshConnection connection) {
        open.add(connection);
    }

    /** Closes a connection on a background thread. */
    public void disconnect(SshConnection connection) {
        open.remove(connection);
        submit(connection::close);
    }

    public int openCount() {
        return (int) open.stream().filter(SshConnection::isOpen).count();
    }

    /** Closes every open connection (waiting at most {@code limit}), stops the threads, wipes secrets. */
    public void close(Duration limit) {
        stopWakeWatch.run();
        network.close();
        keepalive.close();
        List<SshConnection> all = List.copyOf(open);
        open.clear();
        all.forEach(c -> background.execute(c::close));
        background.shutdown();
        try {
            if (!background.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Some connections did not close within {} s", limit.toSeconds());
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow(); // a pending deadline belongs to an attempt that is being abandoned
        connector.secrets().clear();
    }

    /** Whether {@link #close} has stopped every thread this owns. */
    public boolean isShutDown() {
        return background.isShutdown() && deadlines.isShutdown();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}
