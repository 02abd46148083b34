package dev.holdfast.ssh.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of OpenSSH's agent protocol (draft-miller-ssh-agent), at an {@link AgentEndpoint} (a Unix-domain
 * socket through the JDK's own channels, or a Windows named pipe; {@link AgentLocator} finds it): the keys the agent holds, and signatures made with them. Every answer is bounded in
 * size and time, so a broken or hostile agent gives a clear error, never a hang or an out-of-memory. One request
 * at a time per client; blocks, so never on the FX thread.
 */
public final class AgentClient implements AutoCloseable {
    static final int REQUEST_IDENTITIES = 11;
    static final int IDENTITIES_ANSWER = 12;
    static final int SIGN_REQUEST = 13;
    static final int SIGN_RESPONSE = 14;
    static final int FAILURE = 5;
    /** Sign with rsa-sha2-256 / rsa-sha2-512 instead of SHA-1 for an RSA key. */
    public static final int RSA_SHA2_256 = 2;
    public static final int RSA_SHA2_512 = 4;
    /** OpenSSH's agent refuses messages over 256 KiB; so does this client. */
    static final int MAX_MESSAGE = 256 * 1024;
    /** More keys than any agent holds: a count above it is garbage. */
    static final int MAX_IDENTITIES = 1024;

    /**
     * A key the agent holds.
     *
     * Its comment is what ssh-add -l shows.
     */
    public static final class Identity {
        private final byte[] blob;
        private final String comment;

        public Identity(byte[] blob, String comment) {
            this.blob = blob.clone();
            this.comment = comment;
        }

        /** The public key (or certificate) in SSH wire format. */
        public byte[] blob() {
            return blob.clone();
        }

        public String comment() {
            return comment;
        }

        /** The key type the blob starts with, such as {@code ssh-ed25519}. */
        public String type() {
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            if (buffer.remaining() < 4) {
                return "";
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                return "";
            }
            return new String(blob, 4, length, StandardCharsets.US_ASCII);
        }
    }

    private final AgentEndpoint socket;
    private final AgentEndpoint.Stream channel;
    private final Duration timeout;

    private AgentClient(AgentEndpoint socket, AgentEndpoint.Stream channel, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.timeout = timeout;
    }

    /** The agent this process would use ({@link AgentLocator#system()}). */
    public static Optional<AgentEndpoint> fromEnvironment() {
        return AgentLocator.system().find();
    }

    /** Connects to the agent at the Unix-domain socket {@code socket}. */
    public static AgentClient connect(Path socket, Duration timeout) throws AgentException {
        return connect(new AgentEndpoint.UnixSocket(socket), timeout);
    }

    /** Connects to the agent at {@code endpoint}. */
    public static AgentClient connect(AgentEndpoint endpoint, Duration timeout) throws AgentException {
        try {
            return new AgentClient(endpoint, endpoint.open(), timeout);
        } catch (IOException | RuntimeException e) {
            throw new AgentException("Cannot reach the SSH agent at " + endpoint + ": " + words(e), e);
        }
    }

    /** Where this agent listens. */
    public AgentEndpoint endpoint() {
        return socket;
    }

    /** The keys the agent holds, in its order. */
    public List<Identity> identities() throws AgentException {
        ByteBuffer answer = request(new byte[] {REQUEST_IDENTITIES});
        int type = Byte.toUnsignedInt(answer.get());
        if (type == FAILURE) {
            throw new AgentException("The SSH agent at " + socket + " refused to list its keys.", null);
        }
        if (type != IDENTITIES_ANSWER) {
            throw new AgentException("The SSH agent at " + socket + " answered a request for its keys with message "
                    + type + ", not a list of keys.", null);
        }
        int count = readCount(answer);
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] blob = readBytes(answer);
            String comment = new String(readBytes(answer), StandardCharsets.UTF_8);
            identities.add(new Identity(blob, comment));
        }
        return identities;
    }

    /**
     * The agent's signature of {@code data} with the key {@code blob}, as the SSH wire format's signature blob
     * (algorithm name and signature).
     */
    public byte[] sign(byte[] blob, byte[] data, int flags) throws AgentException {
        ByteBuffer message = ByteBuffer.allocate(1 + 4 + blob.length + 4 + data.length + 4);
        message.put((byte) SIGN_REQUEST).putInt(blob.length).put(blob).putInt(data.length).put(data).putInt(flags);
        ByteBuffer answer = request(message.array());
        int type = Byte.toUnsignedInt(answer.get());
        if (type == FAILURE) {
            throw new AgentException("The SSH agent at " + socket + " refused to sign (a key that asks for"
                    + " confirmation and was declined, or one the agent cannot use).", null);
        }
        if (type != SIGN_RESPONSE) {
            throw new AgentException("The SSH agent at " + socket + " answered a signing request with message "
                    + type + ", not a signature.", null);
        }
        return readBytes(answer);
    }

    /** Sends one message and reads the answer's body, within the timeout and {@link #MAX_MESSAGE}. */
    private ByteBuffer request(byte[] body) throws AgentException {
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.get()) {
                timedOut.set(true);
                closeQuietly(); // unblocks a read that waits for an agent that never answers
            }
        });
        try {
            OutputStream out = channel.out();
            out.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
            out.flush();
            int size = ByteBuffer.wrap(readFully(new byte[4])).getInt();
            if (size < 1 || size > MAX_MESSAGE) {
                throw new AgentException("The SSH agent at " + socket + " sent a message of " + Integer.toUnsignedString(size)
                        + " bytes (at most " + MAX_MESSAGE + " make sense): it is not an SSH agent, or it is broken.", null);
            }
            return ByteBuffer.wrap(readFully(new byte[size]));
        } catch (IOException e) {
            throw new AgentException(timedOut.get() ? "The SSH agent at " + socket + " did not answer within "
                    + timeout.toSeconds() + " s." : "The SSH agent at " + socket + " closed the connection: " + words(e), e);
        } finally {
            done.set(true);
        }
    }

    private byte[] readFully(byte[] buffer) throws IOException {
        InputStream in = channel.in();
        for (int at = 0; at < buffer.length; ) {
            int n = in.read(buffer, at, buffer.length - at);
            if (n < 0) {
                throw new EOFException("the answer ended early");
            }
            at += n;
        }
        return buffer;
    }

    private int readCount(ByteBuffer answer) throws AgentException {
        if (answer.remaining() < 4) {
            throw cut();
        }
        int count = answer.getInt();
        if (count < 0 || count > MAX_IDENTITIES) {
            throw new AgentException("The SSH agent at " + socket + " says it holds " + Integer.toUnsignedString(count)
                    + " keys: it is broken.", null);
        }
        return count;
    }

    private byte[] readBytes(ByteBuffer answer) throws AgentException {
        if (answer.remaining() < 4) {
            throw cut();
        }
        int length = answer.getInt();
        if (length < 0 || length > answer.remaining()) {
            throw cut();
        }
        byte[] bytes = new byte[length];
        answer.get(bytes);
        return bytes;
    }

    private AgentException cut() {
        return new AgentException("The SSH agent at " + socket + " sent an answer that is cut short or malformed.", null);
    }

    private static String words(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a channel to a broken agent: nothing more to do
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
