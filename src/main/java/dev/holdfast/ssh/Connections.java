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

    public Connections(KnownHosts knownHosts) {
        SshCrypto.install();
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
        return new Connections(KnownHosts.standard(configDir));
    }

    public SshConnector connector() {
        return connector;
    }

    /** Runs blocking SSH work (connecting, disconnecting) off the caller's thread. */
    public void submit(Runnable work) {
        background.execute(work);
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
