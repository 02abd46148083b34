package dev.holdfast.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken or hostile agent, played by a socket of the test's own: every answer ends in a clear
 * {@link AgentException}, bounded in memory and time, never a hang or an out-of-memory.
 */
class AgentClientTest {
    @TempDir
    Path dir;

    /** An agent that reads one request and answers with {@code answer} (then closes, unless {@code hang}). */
    private Path agent(byte[] answer, boolean hang) throws IOException {
        Path socket = dir.resolve("agent-" + System.nanoTime());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        CompletableFuture.runAsync(() -> {
            try (server; SocketChannel client = server.accept()) {
                client.read(ByteBuffer.allocate(1024));
                ByteBuffer out = ByteBuffer.wrap(answer);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                if (hang) {
                    client.read(ByteBuffer.allocate(1)); // until the client gives up and closes
                }
            } catch (IOException e) {
                // the client closed first: what some of these cases are about
            }
        });
        return socket;
    }

    private static byte[] message(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** A message of these byte values (each 0 to 255). */
    private static byte[] message(int... values) {
        byte[] body = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            body[i] = (byte) values[i];
        }
        return message(body);
    }

    private String failure(byte[] answer, boolean hang, Duration timeout) throws IOException {
        Path socket = agent(answer, hang);
        try (AgentClient client = AgentClient.connect(socket, timeout)) {
            return assertThrows(AgentException.class, client::identities).getMessage();
        } catch (AgentException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHugeLengthIsRefusedWithoutAllocatingIt() throws Exception {
        String why = failure(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0}, false, Duration.ofSeconds(5));
        assertTrue(why.contains("sent a message of 4294967280 bytes"), why);
    }

    @Test
    void anAnswerCutShortOrAnAgentThatClosesIsSaidSo() throws Exception {
        String closed = failure(new byte[] {0, 0, 0, 9, 12}, false, Duration.ofSeconds(5));
        assertTrue(closed.contains("closed the connection"), closed);
        // a list of one key whose blob's length runs past the message
        String cut = failure(message(12, 0, 0, 0, 1, 0, 0, 1, 0, 1, 2), false, Duration.ofSeconds(5));
        assertTrue(cut.contains("cut short or malformed"), cut);
    }

    @Test
    void aCountOfKeysNoAgentHoldsIsBroken() throws Exception {
        String why = failure(message(12, 0x7f, 0xff, 0xff, 0xff), false, Duration.ofSeconds(5));
        assertTrue(why.contains("says it holds 2147483647 keys"), why);
    }

    @Test
    void anAgentThatNeverAnswersTimesOut() throws Exception {
        String why = failure(new byte[0], true, Duration.ofMillis(300));
        assertTrue(why.contains("did not answer within"), why);
    }

    @Test
    void aRefusalOrAnotherMessageIsNamed() throws Exception {
        assertTrue(failure(message(5), false, Duration.ofSeconds(5)).contains("refused to list its keys"));
        assertTrue(failure(message(99), false, Duration.ofSeconds(5)).contains("with message 99"));
    }

    @Test
    void aWellFormedListIsRead() throws Exception {
        byte[] blob = ByteBuffer.allocate(4 + 11).putInt(11).put("ssh-ed25519".getBytes(StandardCharsets.US_ASCII))
                .array();
        byte[] comment = "me@laptop".getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(1 + 4 + 4 + blob.length + 4 + comment.length);
        body.put((byte) 12).putInt(1).putInt(blob.length).put(blob).putInt(comment.length).put(comment);
        Path socket = agent(message(body.array()), false);
        try (AgentClient client = AgentClient.connect(socket, Duration.ofSeconds(5))) {
            List<AgentClient.Identity> identities = client.identities();
            assertEquals(1, identities.size());
            assertEquals("ssh-ed25519", identities.get(0).type());
            assertEquals("me@laptop", identities.get(0).comment());
        }
    }

    @Test
    void noAgentAtThePathIsSaidInWords() {
        AgentException e = assertThrows(AgentException.class,
                () -> AgentClient.connect(dir.resolve("nothing-here"), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("Cannot reach the SSH agent at "), e.getMessage());
    }
}
