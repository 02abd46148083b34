package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import dev.holdfast.threads.Threads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port forwards of one SSH connection: started together once it is authenticated, each on its own (one that
 * fails leaves the others and the connection alone), and stopped together when it closes. Threads: one pool per
 * connection with forwards, named {@code holdfast-forward-n}: one thread per listening forward that accepts, and
 * two per connection carried (one each way). What happens (listening, failures, unreachable destinations) goes to
 * the event listeners in words. Thread-safe.
 */
public final class Forwards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwards.class);
    private static final int KEEP_EVENTS = 200;

    private final List<ActiveForward> forwards;
    private final ExecutorService pool;
    private final Deque<String> events = new ArrayDeque<>();
    private final List<Consumer<String>> eventListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** What a forward needs from its connection. */
    record Context(SSHClient client, RemotePortForwarder remote, ExecutorService pool, Forwards owner,
            boolean replacing) {
        void event(String line) {
            owner.event(line);
        }
    }

    private Forwards(SSHClient client, RemotePortForwarder remote, List<PortForward> asked, boolean replacing) {
        this.pool = asked.isEmpty() ? null : Executors.newCachedThreadPool(Threads.factory("forward"));
        Context context = new Context(client, remote, pool, this, replacing);
        List<ActiveForward> made = new ArrayList<>();
        for (PortForward forward : asked) {
            made.add(switch (forward.kind()) {
                case LOCAL -> new LocalForward(forward, context);
                case REMOTE -> new RemoteForward(forward, context);
                case DYNAMIC -> new DynamicForward(forward, context);
            });
        }
        this.forwards = List.copyOf(made);
    }

    /** None: for a connection without forwards. */
    public static Forwards none() {
        return new Forwards(null, null, List.of(), false);
    }

    /**
     * Starts {@code asked} on {@code client}, which must be authenticated; returns at once, each forward starting
     * (binding, or asking the server) on a thread of its own.
     *
     * @param replacing whether the connection replaces an earlier one (a reconnect), which may still hold the
     *     ports: a port in use here is then tried again for about 3 s, a refusal by the server for about two
     *     minutes; on a first connection either is a failure at once
     * @param remote the client's forwarder for {@code -R}: one whose global requests are ordered with the
     *     keepalive probes' (their replies come in request order, and SSHJ's own forwarder knows only its own)
     */
    public static Forwards start(SSHClient client, RemotePortForwarder remote, List<PortForward> asked,
            boolean replacing) {
        Forwards made = new Forwards(client, remote, asked, replacing);
        for (ActiveForward forward : made.forwards) {
            try {
                made.pool.execute(forward::start);
            } catch (RejectedExecutionException e) {
                forward.failed("not started: the connection was closing");
            }
        }
        return made;
    }

    /** Every forward, in the order asked. */
    public List<ActiveForward> list() {
        return forwards;
    }

    /** Every forward's state now. */
    public List<ForwardState> states() {
        return forwards.stream().map(ActiveForward::state).toList();
    }

    /** The events so far (the last {@value #KEEP_EVENTS}), oldest first. */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * Gives {@code listener} the events so far, then each later one as it happens (on the thread where it did):
     * a tab that learns of its connection late still logs what its forwards did.
     */
    public void onEvent(Consumer<String> listener) {
        List<String> past;
        synchronized (events) {
            past = List.copyOf(events);
            eventListeners.add(listener);
        }
        past.forEach(listener);
    }

    void event(String line) {
        synchronized (events) {
            events.addLast(line);
            while (events.size() > KEEP_EVENTS) {
                events.removeFirst();
            }
            for (Consumer<String> listener : eventListeners) { // under the lock: in order, none twice or lost
                try {
                    listener.accept(line);
                } catch (RuntimeException e) {
                    LOG.warn("A forward event listener failed", e);
                }
            }
        }
    }

    /**
     * Stops every forward: listening sockets here close at once; nothing is sent to the server (the connection is
     * about to close, and may be dead), whose listeners end with the connection. Idempotent; does not block.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ActiveForward forward : forwards) {
            try {
                forward.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping forward {} failed", forward.forward().text(), e);
            }
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
