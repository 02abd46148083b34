package dev.holdfast.ssh;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * Counts a connection's bytes at the socket and remembers when the server last sent one: the keepalive
 * rule's "any inbound packet resets the streak" and the health strip's "server silent for N s".
 */
public final class TrafficMeter {
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile long lastInboundNanos = System.nanoTime();

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    /** A socket factory for SSHJ whose sockets report to this meter. */
    SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new MeteredSocket();
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                Socket socket = new MeteredSocket();
                socket.connect(new java.net.InetSocketAddress(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                Socket socket = new MeteredSocket();
                socket.bind(new java.net.InetSocketAddress(localHost, localPort));
                socket.connect(new java.net.InetSocketAddress(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                Socket socket = new MeteredSocket();
                socket.connect(new java.net.InetSocketAddress(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                Socket socket = new MeteredSocket();
                socket.bind(new java.net.InetSocketAddress(localHost, localPort));
                socket.connect(new java.net.InetSocketAddress(host, port));
                return socket;
            }
        };
    }

    /** {@code in}, counting what is read from it as received from the server (a jump host's channel). */
    InputStream metered(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    received(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    received(n);
                }
                return n;
            }
        };
    }

    /** {@code out}, counting what is written to it as sent to the server. */
    OutputStream metered(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytesOut.incrementAndGet();
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                bytesOut.addAndGet(length);
            }
        };
    }

    private final class MeteredSocket extends Socket {
        private InputStream in;
        private OutputStream out;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = metered(super.getInputStream());
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = metered(super.getOutputStream());
            }
            return out;
        }
    }

    private void received(int count) {
        bytesIn.addAndGet(count);
        lastInboundNanos = System.nanoTime();
    }
}
