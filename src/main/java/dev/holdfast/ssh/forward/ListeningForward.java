package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward that listens on this computer (local and SOCKS): binds, then accepts on the thread that started it
 * and hands each connection to a thread of the connection's pool.
 */
abstract class ListeningForward extends ActiveForward {
    private static final Logger LOG = LoggerFactory.getLogger(ListeningForward.class);
    /** Connections carried at once by one forward; more are closed at once (a runaway client, or a flood). */
    static final int MAX_OPEN = 256;

    final Forwards.Context context;
    /** The listening sockets: the address asked for, and with the default address the IPv6 loopback too. */
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private volatile boolean toldFull;

    ListeningForward(PortForward forward, Forwards.Context context) {
        super(forward);
        this.context = context;
    }

    /** Carries one accepted connection, on a pool thread, until it ends. */
    abstract void handle(Socket socket);

    /**
     * The waits before binding again when the port is in use: the connection this one replaces may not have let
     * go of it yet (its listener closes as it ends, on another thread). About 3 s in all, then it is an error;
     * only on a reconnect (on a first connection a taken port is reported at once).
     */
    static final List<Duration> BIND_RETRIES = List.of(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600));

    @Override
    final void start() {
        PortForward forward = forward();
        ServerSocket made = null;
        for (int attempt = 0; made == null; attempt++) {
            try {
                made = bind(address(forward));
            } catch (IOException e) {
                String why = ForwardWords.bindFailed(forward, e);
                if (context.replacing() && ForwardWords.inUse(e) && attempt < BIND_RETRIES.size() && !closed()) {
                    if (attempt == 0) {
                        LOG.info("Forward {}: {}, trying again for a few seconds", forward.text(), why);
                    }
                    retrying(why + "; trying again (the previous connection may still hold it)\u2026");
                    if (!waitBeforeRetry(BIND_RETRIES.get(attempt))) {
                        return;
                    }
                    continue;
                }
                LOG.info("Forward {} not started: {} ({})", forward.text(), why, e.toString());
                context.event("Forward " + forward.describe() + " failed: " + why);
                failed(why);
                return;
            }
        }
        servers.add(made);
        if (closed()) {
            stop();
            return;
        }
        if (forward.bindAddress().isEmpty()) {
            alsoOnIpv6Loopback(made.getLocalPort());
        }
        listening(made.getLocalPort());
        context.event("Forward " + forward.describe() + " listening on port " + made.getLocalPort());
        acceptLoop(made);
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket made = new ServerSocket();
        try {
            made.setReuseAddress(true);
            made.bind(address, 50);
        } catch (IOException | RuntimeException e) {
            closeQuietly(made);
            throw e;
        }
        return made;
    }

    /**
     * A forward on the default address listens on the IPv6 loopback too, on the same port, as ssh does for
     * "localhost": a program that tries {@code ::1} first (browsers, curl, anything given "localhost") finds it
     * there. Where this computer has no IPv6 loopback that is fine and silent; where the port is taken there by
     * another program, the forward still listens on 127.0.0.1 and the event says so.
     */
    private void alsoOnIpv6Loopback(int port) {
        InetAddress ipv6;
        try {
            byte[] one = new byte[16];
            one[15] = 1;
            ipv6 = InetAddress.getByAddress(one);
        } catch (IOException e) {
            return;
        }
        ServerSocket companion;
        try {
            companion = bind(new InetSocketAddress(ipv6, port));
        } catch (IOException e) {
            if (ForwardWords.inUse(e)) {
                context.event("Forward " + forward().describe() + " listens on 127.0.0.1 only: port " + port
                        + " on the IPv6 loopback (::1) is in use by another program");
            } else {
                LOG.debug("Forward {}: no IPv6 loopback here ({})", forward().text(), e.toString());
            }
            return;
        }
        servers.add(companion);
        if (closed()) { // stopped while it was being bound: stop() may have closed the list before it was added
            closeQuietly(companion);
            return;
        }
        try {
            context.pool().execute(() -> acceptLoop(companion));
        } catch (RejectedExecutionException e) {
            closeQuietly(companion);
        }
    }

    private void acceptLoop(ServerSocket made) {
        while (!closed()) {
            Socket socket;
            try {
                socket = made.accept();
            } catch (IOException e) {
                if (!closed()) {
                    String why = "stopped accepting connections (" + ForwardWords.firstLower(e.getMessage()) + ")";
                    context.event("Forward " + forward().describe() + " " + why);
                    failed(why);
                    servers.forEach(ListeningForward::closeQuietly);
                }
                return;
            }
            if (openChannels() >= MAX_OPEN) {
                if (!toldFull) {
                    toldFull = true;
                    context.event("Forward " + forward().describe() + " carries " + MAX_OPEN
                            + " connections already: further ones are closed until some end");
                }
                closeQuietly(socket);
                continue;
            }
            toldFull = false;
            accepted.removeIf(Socket::isClosed);
            accepted.add(socket);
            try {
                socket.setTcpNoDelay(true);
                context.pool().execute(() -> handle(socket));
            } catch (IOException | RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    @Override
    final void stop() {
        markClosed();
        servers.forEach(ListeningForward::closeQuietly);
        accepted.forEach(ListeningForward::closeQuietly);
        accepted.clear();
    }

    private static InetSocketAddress address(PortForward forward) throws IOException {
        String bind = forward.bindAddress();
        if (bind.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), forward.bindPort());
        }
        if (bind.equals("*")) {
            return new InetSocketAddress(forward.bindPort());
        }
        return new InetSocketAddress(InetAddress.getByName(bind), forward.bindPort());
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing: {}", e.toString());
        }
    }
}
