package dev.holdfast.ssh.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where an SSH agent listens: a Unix-domain socket (OpenSSH's {@code ssh-agent} on Linux and macOS, and any
 * agent on Windows that offers one, through the JDK's own {@code AF_UNIX} channels), or a Windows named pipe
 * (the agent of OpenSSH for Windows at {@code \\.\pipe\openssh-ssh-agent}, Pageant 0.75 and later on its own
 * pipe), opened as a file as Windows allows for pipes. Both speak the same protocol; see {@link AgentLocator} for
 * how one is found. Immutable.
 */
public sealed interface AgentEndpoint {
    /** Opens one connection to the agent. Blocks; never on the FX thread. */
    Stream open() throws IOException;

    /** For messages: "the SSH agent at ..." reads on after this. */
    @Override
    String toString();

    /** One open connection to an agent: a byte stream each way, and a close that ends both. */
    interface Stream extends AutoCloseable {
        InputStream in();

        OutputStream out();

        @Override
        void close() throws IOException;
    }

    /** An open connection: its two streams, and what closes both. */
    record Opened(InputStream in, OutputStream out, java.io.Closeable closer) implements Stream {
        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    /** An agent's Unix-domain socket ({@code SSH_AUTH_SOCK}). */
    record UnixSocket(Path path) implements AgentEndpoint {
        @Override
        public Stream open() throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            // closing the channel from another thread ends a read blocked on it: the client's timeout relies on it
            return new Opened(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A Windows named pipe, such as {@code \\.\pipe\openssh-ssh-agent}. Read and written through one
     * {@link RandomAccessFile} (a pipe opened twice would be two connections to the agent); the agent protocol
     * is one request, then its answer, so reads and writes never wait on each other. Written for Windows and
     * not run there by the tests (see the README).
     */
    record WindowsPipe(String name) implements AgentEndpoint {
        @Override
        public Stream open() throws IOException {
            RandomAccessFile pipe = new RandomAccessFile(name, "rw");
            InputStream in = new InputStream() {
                @Override
                public int read() throws IOException {
                    return pipe.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return pipe.read(b, off, len);
                }
            };
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    pipe.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    pipe.write(b, off, len);
                }
            };
            return new Opened(in, out, pipe);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
