package dev.holdfast.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final Set<SshConnection> open = ConcurrentHashMap.newKeySet();
    private final dev.holdfast.keepalive.KeepaliveEngine keepalive = dev.holdfast.keepalive.KeepaliveEngine.start();
    private final java.util.Optional<Path> logsDir;

    public Connections(KnownHosts knownHosts) {
        this(knownHosts, java.util.Optional.empty());
    }

    /** @param logsDir where each session's event log is appended, if anywhere */
    public Connections(KnownHosts knownHosts, java.util.Optional<Path> logsDir) {
        this.logsDir = logsDir;
        // SshCrypto.install() is left to the first connection (SshConnector.Attempt, on a background
        // thread): it loads every JCA provider, which instantiates BouncyCastle from its signed jar, and
        // costs about a second of start-up for nothing when no connection is made.
        this.connector = new SshConnector(knownHosts, new SecretCache());
        AtomicInteger count = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "holdfast-ssh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** With the user's {@code ~/.ssh/known_hosts} (read only) and {@code known_hosts} in the config directory. */
    public static Connections standard(Path configDir) {
        return new Connections(KnownHosts.standard(configDir), java.util.Optional.of(configDir.resolve("logs")));
    }

    /** The one keepalive engine for every connection. */
    public dev.holdfast.keepalive.KeepaliveEngine keepalive() {
        return keepalive;
    }

    /** A new event log for a tab of the named session. */
    public EventLog eventLog(String sessionName) {
        return new EventLog(logsDir.map(dir -> EventLog.fileFor(dir, sessionName)), this::submit);
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
        connector.secrets().clear();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}
