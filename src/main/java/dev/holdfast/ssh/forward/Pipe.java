package dev.holdfast.ssh.forward;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one TCP connection through one SSH channel, both ways at once, on two threads: the caller's
 * (socket to channel) and one from the pool (channel to socket). An end of input on one side is passed on as a
 * half-close (SSH EOF, or TCP FIN through {@link Socket#shutdownOutput()}) while the other direction goes on; once
 * both have ended, or at the first error on either, the socket and the channel are closed and the forward counts
 * one channel fewer.
 */
final class Pipe {
    private static final Logger LOG = LoggerFactory.getLogger(Pipe.class);
    private static final int BUFFER = 32 * 1024;

    private final Socket socket;
    private final InputStream fromChannel;
    private final OutputStream toChannel;
    private final Closeable channel;
    private final ActiveForward owner;
    private final AtomicInteger directionsLeft = new AtomicInteger(2);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pipe(Socket socket, InputStream fromChannel, OutputStream toChannel, Closeable channel,
                 ActiveForward owner) {
        this.socket = socket;
        this.fromChannel = fromChannel;
        this.toChannel = toChannel;
        this.channel = channel;
        this.owner = owner;
    }

    /**
     * Carries the connection until it ends; blocks the calling thread for the socket-to-channel direction.
     * The forward must have counted the channel opened; this counts it closed.
     *
     * @param channel closed at the end (an SSHJ channel)
     */
    static void carry(Socket socket, InputStream fromChannel, OutputStream toChannel, Closeable channel,
                      ActiveForward owner, Executor pool) {
        Pipe pipe = new Pipe(socket, fromChannel, toChannel, channel, owner);
        try {
            pool.execute(pipe::channelToSocket);
        } catch (RejectedExecutionException e) {
            pipe.close();
            return;
        }
        pipe.socketToChannel();
    }

    private void socketToChannel() {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = socket.getInputStream(); // not closed here: that would close the socket both ways
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    toChannel.write(buffer, 0, n);
                    toChannel.flush();
                    owner.countOut(n);
                }
            }
            toChannel.close(); // SSH_MSG_CHANNEL_EOF: the far side reads its end, and may still answer
            finished();
        } catch (IOException | RuntimeException e) {
            abort("to the server", e);
        }
    }

    private void channelToSocket() {
        byte[] buffer = new byte[BUFFER];
        try {
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = fromChannel.read(buffer)) >= 0) {
                if (n > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    owner.countIn(n);
                }
            }
            if (!socket.isClosed()) {
                socket.shutdownOutput(); // TCP FIN: the client reads its end, and may still send
            }
            finished();
        } catch (IOException | RuntimeException e) {
            abort("from the server", e);
        }
    }

    private void finished() {
        if (directionsLeft.decrementAndGet() == 0) {
            close();
        }
    }

    private void abort(String direction, Exception e) {
        if (!closed.get()) {
            LOG.debug("forwarded connection ended {}: {}", direction, e.toString());
        }
        close();
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a forwarded socket: {}", e.toString());
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a forwarding channel: {}", e.toString());
        }
        owner.channelClosed();
    }
}
