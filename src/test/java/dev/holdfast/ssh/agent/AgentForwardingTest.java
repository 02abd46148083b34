package dev.holdfast.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The forwarded agent's relay reads whole messages: however the bytes arrive, a clean end between messages,
 * and a message cut short or of a size no agent sends ends the channel with words, never a huge allocation.
 * The relay itself is run against Debian's ssh-agent and a real ssh on the server in AgentIT.
 */
class AgentForwardingTest {
    private static byte[] framed(int declared, int bodyBytes) {
        return ByteBuffer.allocate(4 + bodyBytes).putInt(declared).put(new byte[bodyBytes]).array();
    }

    /** Gives at most one byte per read, as a slow channel can. */
    private static InputStream trickle(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new InputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void aMessageArrivingByteByByteIsReadWhole() throws IOException {
        byte[] message = ByteBuffer.allocate(9).putInt(5).put(new byte[] {11, 1, 2, 3, 4}).array();
        byte[] twice = ByteBuffer.allocate(18).put(message).put(message).array();
        InputStream in = trickle(twice);
        assertArrayEquals(message, AgentForwarding.message(in, true));
        assertArrayEquals(message, AgentForwarding.message(in, true));
        assertNull(AgentForwarding.message(in, true), "a clean end between messages");
    }

    @Test
    void cutShortOrImpossibleSizesEndInWords() {
        assertThrows(EOFException.class, () -> AgentForwarding.message(trickle(new byte[] {0, 0}), true));
        assertThrows(EOFException.class, () -> AgentForwarding.message(trickle(framed(10, 3)), false));
        IOException zero = assertThrows(IOException.class, () -> AgentForwarding.message(trickle(framed(0, 0)), true));
        assertTrue(zero.getMessage().startsWith("the server sent a message of 0 bytes"), zero.getMessage());
        IOException huge = assertThrows(IOException.class,
                () -> AgentForwarding.message(trickle(framed(-1, 0)), false));
        assertTrue(huge.getMessage().startsWith("the agent sent a message of 4294967295 bytes"), huge.getMessage());
        assertThrows(IOException.class,
                () -> AgentForwarding.message(trickle(framed(AgentClient.MAX_MESSAGE + 1, 0)), true));
    }
}
