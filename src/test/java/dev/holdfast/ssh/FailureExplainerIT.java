package dev.holdfast.ssh;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestSshServer;
import dev.holdfast.threads.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.common.SshConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explainer fed with what SSHJ and the JDK really throw: every exception here comes from a real
 * failure on loopback (an in-process MINA server, plain sockets), none is made up. An IT rather than a
 * unit test because the in-process MINA server registers BouncyCastle in its JVM, which the unit tests
 * check Holdfast never does.
 */
class FailureExplainerIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestSshServer server;
    private KnownHosts knownHosts;

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer();
        knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
        knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private SshConnection connect() throws ConnectFailure {
        return connect(server.port());
    }

    private SshConnection connect(int port) throws ConnectFailure {
        ConnectSpec spec = new ConnectSpec("test", "127.0.0.1", port, TestSshServer.USER, AuthMethod.PASSWORD,
                Optional.empty(), Duration.ofSeconds(10), "xterm");
        return TestConnectors.connector(knownHosts, new SecretCache())
                .attempt(spec, new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run();
    }

    /** Reads the shell's output to its end, as the terminal does: null on EOF, else what the read threw. */
    private static Throwable readToTheEnd(InputStream output) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            byte[] buffer = new byte[4096];
            try {
                while (output.read(buffer) >= 0) {
                    // the prompt and whatever else the shell prints
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    private Throwable dropWith(ServerAction action) throws Exception {
        try (SshConnection connection = connect()) {
            action.run();
            return readToTheEnd(connection.output());
        }
    }

    private interface ServerAction {
        void run() throws Exception;
    }

    /** Connects a bare SSHJ client and returns what it threw. */
    private static IOException sshjConnectFailure(String host, int port) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try (SSHClient client = new SSHClient(SshCrypto.config())) {
                client.setConnectTimeout(5000);
                client.addHostKeyVerifier(new PromiscuousVerifier()); // never reached: no handshake completes
                client.connect(host, port);
                throw new AssertionError("connected to " + host + ":" + port);
            } catch (IOException e) {
                return e;
            }
        });
    }

    private static ConnectSpec specFor(String host, int port) {
        return new ConnectSpec("t", host, port, "ann", AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(5),
                "xterm");
    }

    /** A loopback server that accepts one connection and hands its socket to {@code behaviour}. */
    private static ConnectFailure againstListener(SocketBehaviour behaviour) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = Threads.start("test-listener", () -> {
                try (Socket accepted = listener.accept()) {
                    behaviour.serve(accepted);
                } catch (IOException e) {
                    // the client went away first
                }
            });
            IOException error = sshjConnectFailure("127.0.0.1", listener.getLocalPort());
            serving.join(LIMIT.toMillis());
            return FailureExplainer.explain(error, specFor("127.0.0.1", listener.getLocalPort()),
                    FailureExplainer.Circumstances.none());
        }
    }

    private interface SocketBehaviour {
        void serve(Socket socket) throws IOException;
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ConnectFailure failure = FailureExplainer.explain(sshjConnectFailure("127.0.0.1", port),
                specFor("127.0.0.1", port), FailureExplainer.Circumstances.none());
        assertEquals(ConnectFailure.Kind.REFUSED, failure.kind());
        assertEquals("127.0.0.1:" + port + " refused the connection: no SSH server is listening on port " + port
                + ", or a firewall rejects it.", failure.getMessage());
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        ConnectFailure failure = FailureExplainer.explain(sshjConnectFailure("no-such-host.invalid", 22),
                specFor("no-such-host.invalid", 22), FailureExplainer.Circumstances.none());
        assertEquals(ConnectFailure.Kind.UNKNOWN_HOST, failure.kind());
        assertEquals("No host called \"no-such-host.invalid\" could be found. Check the name, or your network's DNS.",
                failure.getMessage());
    }

    @Test
    void aServerThatClosesAtOnceClosedTheConnectionDuringTheHandshake() throws Exception {
        ConnectFailure failure = againstListener(socket -> { });
        assertEquals(ConnectFailure.Kind.CLOSED, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains("closed the connection during the handshake"), failure.getMessage());
    }

    @Test
    void aServerThatSendsGarbageIsAnSshError() throws Exception {
        ConnectFailure failure = againstListener(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read(new byte[256]); // until the client gives up
        });
        assertTrue(failure.kind() == ConnectFailure.Kind.PROTOCOL || failure.kind() == ConnectFailure.Kind.CLOSED,
                failure.kind() + ": " + failure.getMessage());
        assertTrue(failure.getMessage().startsWith("Connecting to 127.0.0.1:") || failure.getMessage().contains(
                "closed the connection"), failure.getMessage());
    }

    @Test
    void theCircumstancesComeBeforeTheException() {
        IOException error = sshjConnectFailure("no-such-host.invalid", 22);
        ConnectSpec spec = specFor("no-such-host.invalid", 22);
        assertEquals(ConnectFailure.Kind.CANCELLED, FailureExplainer.explain(error, spec,
                new FailureExplainer.Circumstances(true, false, Optional.empty(), false)).kind());
        ConnectFailure late = FailureExplainer.explain(error, spec,
                new FailureExplainer.Circumstances(false, true, Optional.empty(), false));
        assertEquals(ConnectFailure.Kind.TIMED_OUT, late.kind());
        assertEquals("no-such-host.invalid:22 accepted the connection but did not complete the SSH handshake within "
                + "5 s.", late.getMessage());
        ConnectFailure declined = FailureExplainer.explain(error, spec,
                new FailureExplainer.Circumstances(false, false, Optional.empty(), true));
        assertEquals(ConnectFailure.Kind.CANCELLED, declined.kind());
        assertTrue(declined.getMessage().startsWith("You did not accept the host key"));
    }

    @Test
    void noErrorAtAllMeansTheServerClosedTheConnection() {
        assertEquals("The server closed the connection.", FailureExplainer.drop(null));
    }

    @Test
    void aDisconnectMessageFromTheServerIsShownInItsWords() throws Exception {
        Throwable error = dropWith(() -> server.disconnectAll(SshConstants.SSH2_DISCONNECT_BY_APPLICATION,
                "going down for maintenance"));
        assertNotNull(error, "SSHJ reports a disconnect as an error on the channel");
        assertEquals("The server closed the connection: going down for maintenance.", FailureExplainer.drop(error));
    }

    @Test
    void aDisconnectWithAnotherReasonNamesTheReason() throws Exception {
        Throwable error = dropWith(() -> server.disconnectAll(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                "too many sessions"));
        assertEquals("The connection ended (too many connections): too many sessions.", FailureExplainer.drop(error));
    }

    @Test
    void aTcpCloseWithoutDisconnectIsTheServerClosingTheConnection() throws Exception {
        Throwable error = dropWith(server::dropAll);
        assertEquals("The server closed the connection.", FailureExplainer.drop(error), String.valueOf(error));
    }

    @Test
    void aTcpResetIsAConnectionReset() throws Exception {
        Throwable error;
        try (NatProxy proxy = new NatProxy(server.port())) {
            knownHosts.accept("127.0.0.1", proxy.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
            try (SshConnection connection = connect(proxy.port())) {
                proxy.abortAll();
                error = readToTheEnd(connection.output());
            }
        }
        assertNotNull(error);
        assertEquals("Connection reset by the server.", FailureExplainer.drop(error), error.toString());
    }

    @Test
    void writingToAConnectionThePeerClosedIsABrokenPipe() throws Exception {
        IOException error = assertTimeoutPreemptively(LIMIT, () -> {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                listener.accept().close();
                OutputStream out = client.getOutputStream();
                byte[] chunk = new byte[1024];
                try {
                    // the first write draws the peer's RST, a later one finds the pipe broken
                    while (true) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    return e;
                }
            }
        });
        String expected = String.valueOf(error.getMessage()).contains("reset") ? "Connection reset by the server."
                : "The connection broke while sending (broken pipe).";
        assertEquals(expected, FailureExplainer.drop(error), error.toString());
    }

    @Test
    void anythingElseSaysItDroppedAndWhy() {
        // A read timeout is what the JDK throws when SO_TIMEOUT runs out; no server needed to produce it.
        Throwable error = assertTimeoutPreemptively(LIMIT, () -> {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(50);
                try {
                    client.getInputStream().read();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            }
        });
        assertEquals("The connection dropped: Read timed out", FailureExplainer.drop(error));
    }
}
