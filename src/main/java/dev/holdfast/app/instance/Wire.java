package dev.holdfast.app.instance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-over's messages on the wire. A frame is the four bytes {@code H F I <version>}, a big-endian
 * length and that many bytes, at most {@link #MAX_PAYLOAD}. A request holds the arguments (a count, then
 * each as a length and UTF-8 bytes); a reply a status byte and a message. Reading and writing wait at most
 * until a deadline, so a peer that stops mid-way cannot hold the other side.
 */
final class Wire {
    static final int VERSION = 1;
    static final int MAX_PAYLOAD = 64 * 1024;
    static final int MAX_ARGUMENTS = 64;
    private static final byte[] MAGIC = {'H', 'F', 'I'};
    private static final int HEADER = MAGIC.length + 1 + Integer.BYTES;

    /** The peer sent something that is not a hand-over message of this version; the message says what. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean knownMagic;

        ProtocolException(String message, boolean knownMagic) {
            super(message);
            this.knownMagic = knownMagic;
        }

        /** Whether the peer spoke this protocol at all (then it deserves an answer saying what was wrong). */
        boolean knownMagic() {
            return knownMagic;
        }
    }

    private Wire() {
    }

    static byte[] request(List<String> args) {
        if (args.size() > MAX_ARGUMENTS) {
            throw new IllegalArgumentException("at most " + MAX_ARGUMENTS + " arguments");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(args.size());
            for (String arg : args) {
                writeString(out, arg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<String> parseRequest(byte[] payload) throws ProtocolException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int count = in.readInt();
            if (count < 0 || count > MAX_ARGUMENTS) {
                throw new ProtocolException("too many arguments: " + count, true);
            }
            List<String> args = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                args.add(readString(in));
            }
            if (in.available() > 0) {
                throw new ProtocolException("bytes after the arguments", true);
            }
            return args;
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException("a truncated request", true);
        }
    }

    static byte[] reply(Reply reply) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(reply.status().code());
            writeString(out, reply.message());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Reply parseReply(byte[] payload) throws ProtocolException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int code = in.readUnsignedByte();
            Reply.Status status = Reply.Status.ofCode(code)
                    .orElseThrow(() -> new ProtocolException("an unknown status " + code, true));
            String message = readString(in);
            return new Reply(status, message);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException("a truncated reply", true);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new ProtocolException("a string longer than its message", true);
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("text that is not UTF-8", true);
        }
    }

    /** Writes one frame; the channel is switched to non-blocking mode. */
    static void writeFrame(SocketChannel channel, byte[] payload, long deadlineNanos) throws IOException {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("message too large: " + payload.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length);
        buffer.put(MAGIC).put((byte) VERSION).putInt(payload.length).put(payload).flip();
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    await(selector, deadlineNanos);
                }
            }
        }
    }

    /** Reads one frame's payload, refusing a wrong header or a length over {@link #MAX_PAYLOAD} before reading it. */
    static byte[] readFrame(SocketChannel channel, long deadlineNanos) throws IOException {
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            fill(channel, header, selector, deadlineNanos);
            header.flip();
            for (byte b : MAGIC) {
                if (header.get() != b) {
                    throw new ProtocolException("not a Holdfast hand-over message", false);
                }
            }
            int version = Byte.toUnsignedInt(header.get());
            if (version != VERSION) {
                throw new ProtocolException("hand-over version " + version + " (this Holdfast speaks version "
                        + VERSION + ")", true);
            }
            int length = header.getInt();
            if (length < 0 || length > MAX_PAYLOAD) {
                throw new ProtocolException("a message of " + Integer.toUnsignedString(length)
                        + " bytes (at most " + MAX_PAYLOAD + " are accepted)", true);
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            fill(channel, payload, selector, deadlineNanos);
            return payload.array();
        }
    }

    private static void fill(SocketChannel channel, ByteBuffer buffer, Selector selector, long deadlineNanos)
            throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                throw new EOFException("the other side closed the connection");
            }
            if (read == 0) {
                await(selector, deadlineNanos);
            }
        }
    }

    private static void await(Selector selector, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimedOut();
        }
        selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        selector.selectedKeys().clear();
    }

    /** The deadline passed before the other side was done. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut() {
            super("no answer in time");
        }
    }
}
