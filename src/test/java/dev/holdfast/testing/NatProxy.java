package dev.holdfast.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder that behaves like a home router's NAT: it forwards bytes both ways, silently forgets a
 * flow that has been idle longer than its idle timeout (later bytes vanish: no RST, no FIN, like a
 * dropped NAT entry), and can blackhole every flow on demand. New flows work again once restored.
 */
public final class NatProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Flow> flows = new CopyOnWriteArrayList<>();
    private volatile long idleTimeoutNanos;
    private volatile boolean blackhole;

    public NatProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "nat-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Flows idle longer than this are forgotten; zero never forgets. */
    public void setIdleTimeout(Duration timeout) {
        idleTimeoutNanos = timeout.toNanos();
    }

    /** Drops every byte of every flow while on. */
    public void setBlackhole(boolean on) {
        blackhole = on;
    }

    /** How many flows are forgotten (their bytes now vanish). */
    public long forgottenFlows() {
        return flows.stream().filter(f -> f.forgotten).count();
    }

    /** Closes every flow's sockets at once, as a crashed server's kernel would (reset). */
    public void resetAll() {
        flows.forEach(Flow::close);
    }

    /**
     * Aborts every flow towards the client with a TCP RST (SO_LINGER 0, then close), as a NAT box or
     * firewall that rejects a flow does; the server side is closed normally.
     */
    public void abortAll() {
        flows.forEach(Flow::abort);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                Flow flow = new Flow(client, server);
                flows.add(flow);
                flow.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        flows.forEach(Flow::close);
    }

    private final class Flow {
        private final Socket client;
        private final Socket server;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean forgotten;

        Flow(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() throws IOException {
            pump(client.getInputStream(), server.getOutputStream(), "up");
            pump(server.getInputStream(), client.getOutputStream(), "down");
        }

        private void pump(InputStream from, OutputStream to, String direction) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        long now = System.nanoTime();
                        long idle = idleTimeoutNanos;
                        if (idle > 0 && now - lastActivity > idle) {
                            forgotten = true;
                        }
                        if (forgotten || blackhole) {
                            continue;
                        }
                        lastActivity = now;
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                }
                close();
            }, "nat-proxy-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        void abort() {
            try {
                client.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed: nothing to reset
            }
            close();
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
