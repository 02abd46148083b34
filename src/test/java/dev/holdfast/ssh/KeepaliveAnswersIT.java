package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.KeepaliveTransport;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestConnectors;
import dev.holdfast.testing.TestSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keepalive probes against a MINA server made to answer {@code keepalive@openssh.com} each way a real
 * server does: REQUEST_FAILURE (OpenSSH), REQUEST_SUCCESS, SSH_MSG_UNIMPLEMENTED (older libssh, tinysshd,
 * embedded servers), or not at all. Through the real {@link SshjKeepaliveTransport}.
 */
class KeepaliveAnswersIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    enum Answer { FAILURE, SUCCESS, UNIMPLEMENTED, NONE }

    @TempDir
    Path dir;

    private TestSshServer server;
    private KnownHosts knownHosts;
    private volatile Answer answer = Answer.FAILURE;
    private final List<String> requestsSeen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer();
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>();
        handlers.add(new KeepaliveAnswerer());
        if (server.server().getGlobalRequestHandlers() != null) {
            handlers.addAll(server.server().getGlobalRequestHandlers());
        }
        server.server().setGlobalRequestHandlers(handlers);
        knownHosts = new KnownHosts(List.of(), dir.resolve("known_hosts"));
        knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Answers the keepalive request as the test says; leaves every other request to MINA's handlers. */
    private final class KeepaliveAnswerer implements RequestHandler<ConnectionService> {
        @Override
        public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer)
                throws Exception {
            if (!"keepalive@openssh.com".equals(request)) {
                return Result.Unsupported;
            }
            requestsSeen.add(request);
            switch (answer) {
                case SUCCESS:
                    return Result.ReplySuccess;
                case FAILURE:
                    return Result.ReplyFailure;
                case NONE:
                    return Result.Replied; // MINA sends nothing for Replied
                case UNIMPLEMENTED:
                default:
                    AbstractSession session = (AbstractSession) service.getSession();
                    Buffer unimplemented = session.createBuffer(SshConstants.SSH_MSG_UNIMPLEMENTED, 8);
                    unimplemented.putUInt(sequenceOfPacketBeingHandled(session));
                    session.writePacket(unimplemented);
                    return Result.Replied;
            }
        }
    }

    /** MINA's own rule for UNIMPLEMENTED (AbstractSession.notImplemented): the input sequence number less one. */
    private static long sequenceOfPacketBeingHandled(AbstractSession session) throws ReflectiveOperationException {
        Field seqi = AbstractSession.class.getDeclaredField("seqi");
        seqi.setAccessible(true);
        return (seqi.getLong(session) - 1L) & 0xffffffffL;
    }

    private SshConnection connect() throws ConnectFailure {
        ConnectSpec spec = new ConnectSpec("test", "127.0.0.1", server.port(), TestSshServer.USER, AuthMethod.PASSWORD,
                Optional.empty(), Duration.ofSeconds(10), "xterm");
        return TestConnectors.connector(knownHosts, new SecretCache())
                .attempt(spec, new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run();
    }

    private static void assertShellStillEchoes(SshConnection connection) throws IOException {
        connection.input().write("echo $((6*7))x\n".getBytes(StandardCharsets.UTF_8));
        connection.input().flush();
        String seen = assertTimeoutPreemptively(LIMIT, () -> readUntil(connection.output(), "42x"));
        assertTrue(seen.contains("42x"), seen);
        assertTrue(connection.isOpen());
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        int n;
        while (!seen.toString().contains(marker) && (n = in.read(buffer)) >= 0) {
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"FAILURE", "SUCCESS", "UNIMPLEMENTED"})
    void everyAnswerCountsAsAReplyAndNoneDropsTheConnection(Answer given) throws Exception {
        answer = given;
        try (SshConnection connection = connect()) {
            KeepaliveTransport transport = connection.keepaliveTransport();
            assertTrue(transport.readyForKeepalive());
            List<Long> replies = new CopyOnWriteArrayList<>();
            for (int probe = 1; probe <= 3; probe++) {
                assertTimeoutPreemptively(LIMIT, () -> transport.sendProbe(replies::add));
                int expected = probe;
                Await.until(given + " answered probe " + probe, LIMIT, () -> replies.size() == expected);
            }
            assertEquals(3, requestsSeen.size());
            assertTrue(replies.stream().allMatch(rtt -> rtt >= 0 && rtt < LIMIT.toNanos()), replies.toString());
            assertShellStillEchoes(connection);
            assertTrue(transport.readyForKeepalive(), "still connected and authenticated");
        }
    }

    /**
     * A silent server: sendProbe returns without waiting for an answer (no thread is held), and no reply is
     * reported. The shell's echo comes after the server handled the probe, so an answer would have come first.
     */
    @Test
    void noAnswerIsNoReplyNoWaitingThreadAndTheConnectionStaysOpen() throws Exception {
        answer = Answer.NONE;
        try (SshConnection connection = connect()) {
            KeepaliveTransport transport = connection.keepaliveTransport();
            List<Long> replies = new CopyOnWriteArrayList<>();
            assertTimeoutPreemptively(LIMIT, () -> transport.sendProbe(replies::add));
            Await.until("the server got the probe", LIMIT, () -> requestsSeen.size() == 1);
            assertShellStillEchoes(connection);
            assertEquals(List.of(), replies, "no answer, no reply");
            assertEquals(1, connection.keepaliveRepliesOutstanding(), "the probe is still waiting, without a thread");
        }
    }

    /** A probe outstanding when the connection ends: its reply never comes, and it is not left waiting. */
    @Test
    void aConnectionThatDiesWithAProbeOutstandingReportsNoReply() throws Exception {
        answer = Answer.NONE;
        try (SshConnection connection = connect()) {
            KeepaliveTransport transport = connection.keepaliveTransport();
            List<Long> replies = new CopyOnWriteArrayList<>();
            transport.sendProbe(replies::add);
            Await.until("the server got the probe", LIMIT, () -> requestsSeen.size() == 1);
            server.close(); // the server goes away: SSHJ's reader sees the end of the stream
            Await.until("the outstanding probe failed with the connection", LIMIT,
                    () -> connection.keepaliveRepliesOutstanding() == 0);
            assertEquals(List.of(), replies);
            assertThrows(IOException.class, () -> transport.sendProbe(replies::add), "a write to a dead connection fails");
        }
    }

    @Test
    void unimplementedThenFailureRepliesAreMatchedToTheirProbes() throws Exception {
        try (SshConnection connection = connect()) {
            KeepaliveTransport transport = connection.keepaliveTransport();
            List<Long> replies = new CopyOnWriteArrayList<>();
            for (Answer next : List.of(Answer.UNIMPLEMENTED, Answer.FAILURE, Answer.UNIMPLEMENTED, Answer.SUCCESS)) {
                answer = next;
                int before = replies.size();
                assertTimeoutPreemptively(LIMIT, () -> transport.sendProbe(replies::add));
                Await.until(next + " answered", LIMIT, () -> replies.size() == before + 1);
            }
            assertEquals(4, replies.size());
            assertShellStillEchoes(connection);
        }
    }

    /**
     * What the fix is for: SSHJ 0.40 left to itself (its own sendGlobalRequest, SSHJ's connection service)
     * ends the whole connection when the server answers UNIMPLEMENTED.
     */
    @Test
    void sshjAloneDropsTheConnectionOnUnimplemented() throws Exception {
        answer = Answer.UNIMPLEMENTED;
        try (SSHClient client = new SSHClient(SshCrypto.config())) {
            client.addHostKeyVerifier(new PromiscuousVerifier()); // a throwaway loopback server
            client.connect("127.0.0.1", server.port());
            client.authPassword(TestSshServer.USER, TestSshServer.PASSWORD);
            client.getConnection().sendGlobalRequest("keepalive@openssh.com", true, new byte[0]);
            // join() waits for the transport to close and rethrows why it died
            TransportException death = assertTimeoutPreemptively(LIMIT, () -> assertThrows(TransportException.class,
                    () -> client.getTransport().join((int) LIMIT.toSeconds(), TimeUnit.SECONDS)));
            assertEquals(DisconnectReason.PROTOCOL_ERROR, FailureExplainer.disconnectReason(death), death.toString());
            // isConnected() can still say true for a moment after the transport died (STACK.md)
            Await.until("SSHJ reports the connection closed", LIMIT, () -> !client.isConnected());
        }
    }
}
