package dev.holdfast.ssh;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.testing.NatProxy;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.TestSshServer;
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
import org.apache.sshd.common.SshConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explainer fed with what SSHJ and the JDK really throw: every exception here comes from a real
 * failure on loopback (an in-process MINA server, plain sockets), none is made up.
 */
class FailureExplainerTest {
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
