package dev.holdfast.ssh.forward;

import dev.holdfast.session.PortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
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
    private volatile ServerSocket server;
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private volatile boolean toldFull;

    ListeningForward(PortForward forward, Forwards.Context context) {
        super(forward);
        this.context = context;
    }

    /** Carries one accepted connection, on a pool thread, until it ends. */
    abstract void handle(Socket socket);

    @Override
    final void start() {
        PortForward forward = forward();
        ServerSocket made;
        try {
            made = new ServerSocket();
            made.setReuseAddress(true);
            made.bind(address(forward), 50);
        } catch (IOException e) {
            String why = ForwardWords.bindFailed(forward, e);
            LOG.info("Forward {} not started: {} ({})", forward.text(), why, e.toString());
            context.event("Forward " + forward.describe() + " failed: " + why);
            failed(why);
            return;
        }
        server = made;
        if (closed()) {
            closeQuietly(made);
            return;
        }
        listening(made.getLocalPort());
        context.event("Forward " + forward.describe() + " listening on port " + made.getLocalPort());
        acceptLoop(made);
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
                    closeQuietly(made);
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
        ServerSocket made = server;
        if (made != null) {
            closeQuietly(made);
        }
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
