package dev.holdfast.ssh.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.keepalive.TcpKeepalive;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.PortForward;
import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.KnownHosts;
import dev.holdfast.ssh.SecretCache;
import dev.holdfast.ssh.SshConnection;
import dev.holdfast.ssh.SshConnector;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwards of all three kinds against Debian's sshd, with real TCP clients and a TCP echo server in the test:
 * bytes both ways, half-close, counters, SOCKS5 by IPv4, IPv6 and name, failures in words, and forwards that
 * come back on a new connection from the same spec.
 */
class ForwardsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress LOOPBACK4;

    static {
        try {
            LOOPBACK4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TempDir
    Path dir;

    private OpenSshServer server;
    private KnownHosts knownHosts;
    private SshConnector connector;
    private Path key;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService echoThreads = Executors.newCachedThreadPool(
            dev.holdfast.threads.Threads.factory("test-echo"));

    private void startServer(List<String> extraConfig) throws Exception {
        Requires.sshd();
        server = OpenSshServer.start(dir.resolve("sshd"), "VERBOSE", extraConfig);
        knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey("ed25519"));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        echoThreads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private ConnectSpec spec(String forwards) {
        List<PortForward> list = PortForward.parseAll(forwards).value();
        return new ConnectSpec("forwards", server.host(), server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color", TcpKeepalive.OFF,
                ConnectSpec.Access.NONE.withForwards(list));
    }

    private SshConnection connect(ConnectSpec spec) throws Exception {
        SshConnection connection = connector.attempt(spec, new ScriptedInteraction(), 80, 24).run();
        toClose.add(connection);
        return connection;
    }

    /** An echo server on {@code address}: sends back what it reads, and closes its side after the client's EOF. */
    private int echo(InetAddress address) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, address);
        toClose.add(listener);
        echoThreads.execute(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    echoThreads.execute(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                            socket.shutdownOutput();
                        } catch (IOException e) {
                            // the test sees it as a missing echo
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return listener.getLocalPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Sends {@code data}, half-closes, and reads until the far side's end. */
    private static byte[] roundTrip(Socket socket, byte[] data) throws IOException {
        try (socket) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
            socket.shutdownOutput();
            return socket.getInputStream().readAllBytes();
        }
    }

    private static byte[] payload(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static ForwardState listening(SshConnection connection, int index) throws InterruptedException {
        ActiveForward forward = connection.forwards().list().get(index);
        return Await.value("forward " + forward.forward().text() + " listening", WAIT,
                () -> Optional.of(forward.state()).filter(s -> s.phase() == ForwardState.Phase.LISTENING),
                () -> forward.state().toString());
    }

    private static ForwardState failed(SshConnection connection, int index) throws InterruptedException {
        ActiveForward forward = connection.forwards().list().get(index);
        return Await.value("forward " + forward.forward().text() + " failed", WAIT,
                () -> Optional.of(forward.state()).filter(s -> s.phase() == ForwardState.Phase.FAILED),
                () -> forward.state().toString());
    }

    private static void awaitIdle(ActiveForward forward, long connections, long bytes) throws InterruptedException {
        Await.until("forward " + forward.forward().text() + " idle after " + connections + " connections", WAIT,
                () -> {
                    ForwardState s = forward.state();
                    return s.openChannels() == 0 && s.connections() == connections && s.bytesIn() == bytes
                            && s.bytesOut() == bytes;
                }, () -> forward.state().toString());
    }

    @Test
    void aLocalForwardCarriesBytesBothWaysAndCountsThem() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int port = freePort();
        SshConnection connection = connect(spec("L " + port + ":127.0.0.1:" + echo));
        assertEquals(port, listening(connection, 0).port());

        byte[] data = payload(300_000);
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), port), data),
                "the echo came back whole after the half-close");
        ActiveForward forward = connection.forwards().list().get(0);
        awaitIdle(forward, 1, data.length);

        // the client waits for the answer before it ends its side: both directions stay open meanwhile
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
            second.setSoTimeout(20_000);
            second.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), second.getInputStream().readNBytes(4));
            Await.until("one open channel", WAIT, () -> forward.state().openChannels() == 1);
        }
        awaitIdle(forward, 2, data.length + 4);
        assertTrue(connection.isOpen());
    }

    @Test
    void aRemoteForwardOnPortZeroReportsThePortTheServerChoseAndCarriesToHere() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int fixed = freePort();
        SshConnection connection = connect(spec("R 0:127.0.0.1:" + echo + "\nR " + fixed + ":localhost:" + echo));
        int chosen = listening(connection, 0).port();
        assertTrue(chosen > 0, "the chosen port is reported");
        assertEquals(fixed, listening(connection, 1).port());

        byte[] data = payload(100_000);
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), chosen), data));
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), fixed), data));
        awaitIdle(connection.forwards().list().get(0), 1, data.length);
        awaitIdle(connection.forwards().list().get(1), 1, data.length);
    }

    @Test
    void aRemoteForwardToNobodyHereIsCountedAndLoggedInWords() throws Exception {
        startServer(List.of());
        int nobody = freePort();
        SshConnection connection = connect(spec("R 0:127.0.0.1:" + nobody));
        int chosen = listening(connection, 0).port();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), chosen)) {
            socket.setSoTimeout(20_000);
            assertEquals(-1, socket.getInputStream().read(), "the server closes the connection it cannot carry");
        }
        Await.until("a failed connection counted", WAIT,
                () -> connection.forwards().list().get(0).state().failedConnections() == 1);
        assertTrue(connection.forwards().events().stream().anyMatch(line -> line.contains(
                "this computer could not reach 127.0.0.1:" + nobody + ": connection refused")),
                "events: " + connection.forwards().events());
        assertEquals("alive", connection.run("echo alive", 1000, Duration.ofSeconds(10)).strip(),
                "turning the server's connection away keeps the SSH connection");
        assertTrue(connection.isOpen());
    }

    @Test
    void theSocksProxyReachesTheEchoByIpv4Ipv6AndName() throws Exception {
        startServer(List.of());
        int echo4 = echo(LOOPBACK4);
        int port = freePort();
        SshConnection connection = connect(spec("D " + port));
        assertEquals(port, listening(connection, 0).port());
        byte[] data = payload(50_000);

        assertArrayEquals(data, socks(port, Socks5.IPV4, new byte[] {127, 0, 0, 1}, echo4, data));
        byte[] name = "localhost".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(data, socks(port, Socks5.DOMAIN, name, echo4, data),
                "the name is resolved on the server, which tries its addresses in turn");
        ActiveForward forward = connection.forwards().list().get(0);
        awaitIdle(forward, 2, 2L * data.length);

        InetAddress v6;
        try {
            v6 = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
            new ServerSocket(0, 1, v6).close();
        } catch (IOException e) {
            Assumptions.abort("this machine has no IPv6 loopback: " + e);
            return;
        }
        int echo6 = echo(v6);
        assertArrayEquals(data, socks(port, Socks5.IPV6, v6.getAddress(), echo6, data));
        awaitIdle(forward, 3, 3L * data.length);
    }

    @Test
    void aSocksTargetNobodyListensOnGetsAFailureReplyAndIsLoggedInWords() throws Exception {
        startServer(List.of());
        int port = freePort();
        int nobody = freePort();
        SshConnection connection = connect(spec("D " + port));
        listening(connection, 0);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            int reply = socksConnect(socket, Socks5.IPV4, new byte[] {127, 0, 0, 1}, nobody);
            assertEquals(Socks5.REFUSED, reply, "connection refused, RFC 1928's code 5");
            assertEquals(-1, socket.getInputStream().read(), "closed after the failure reply");
        }
        ActiveForward forward = connection.forwards().list().get(0);
        Await.until("a failed connection counted", WAIT, () -> forward.state().failedConnections() == 1);
        assertEquals(0, forward.state().openChannels());
        assertTrue(connection.forwards().events().stream().anyMatch(line -> line.contains(
                "the server could not reach 127.0.0.1:" + nobody + ": connection refused")),
                "events: " + connection.forwards().events());
        // an unsupported command gets its own reply, and the proxy still serves afterwards
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80}); // BIND
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(5, in.readUnsignedByte());
            assertEquals(0, in.readUnsignedByte());
            assertEquals(5, in.readUnsignedByte());
            assertEquals(Socks5.COMMAND_NOT_SUPPORTED, in.readUnsignedByte());
        }
        assertEquals(ForwardState.Phase.LISTENING, forward.state().phase());
    }

    @Test
    void aRefusedRemoteForwardFailsInWordsWhileTheShellAndTheOtherForwardsWork() throws Exception {
        startServer(List.of("AllowTcpForwarding local"));
        int echo = echo(LOOPBACK4);
        int local = freePort();
        int remote = freePort();
        SshConnection connection = connect(spec("R " + remote + ":localhost:" + echo + "\nL " + local
                + ":127.0.0.1:" + echo));
        ForwardState refused = failed(connection, 0);
        assertEquals("the server refused to listen on port " + remote
                + " (its AllowTcpForwarding or PermitListen settings)", refused.problem());
        listening(connection, 1);
        byte[] data = payload(10_000);
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), local), data));
        assertEquals("still here", connection.run("echo still here", 1000, Duration.ofSeconds(10)).strip());
        assertTrue(connection.isOpen());
    }

    @Test
    void aLocalPortAlreadyTakenFailsInWordsAndTheOthersStillListen() throws Exception {
        startServer(List.of());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int socks = freePort();
            SshConnection connection = connect(spec("L " + port + ":127.0.0.1:22\nD " + socks));
            assertEquals("port " + port + " is already in use on this computer", failed(connection, 0).problem());
            listening(connection, 1);
            assertTrue(connection.forwards().events().stream().anyMatch(line -> line.contains(
                    "port " + port + " is already in use on this computer")), "events: " + connection.forwards().events());
            assertEquals("ok", connection.run("echo ok", 1000, Duration.ofSeconds(10)).strip());
        }
    }

    @Test
    void aNewConnectionFromTheSameSpecListensAgain() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int local = freePort();
        int socks = freePort();
        ConnectSpec spec = spec("L " + local + ":127.0.0.1:" + echo + "\nD " + socks + "\nR 0:127.0.0.1:" + echo);
        SshConnection first = connect(spec);
        listening(first, 0);
        listening(first, 1);
        listening(first, 2);
        byte[] data = payload(1000);
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), local), data));
        first.close();
        assertTrue(first.forwards().states().stream().allMatch(s -> s.phase() == ForwardState.Phase.CLOSED),
                "closed with the connection: " + first.forwards().states());

        SshConnection second = connect(spec);
        assertEquals(local, listening(second, 0).port());
        assertEquals(socks, listening(second, 1).port());
        int chosen = listening(second, 2).port();
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), local), data));
        assertArrayEquals(data, socks(socks, Socks5.IPV4, new byte[] {127, 0, 0, 1}, echo, data));
        assertArrayEquals(data, roundTrip(new Socket(InetAddress.getLoopbackAddress(), chosen), data));
        assertNotEquals(first.forwards(), second.forwards());
    }

    private static InetAddress loopback6() throws java.net.UnknownHostException {
        byte[] one = new byte[16];
        one[15] = 1;
        return InetAddress.getByAddress(one);
    }

    @Test
    void aRemoteSocksProxyOnTheServerConnectsFromHereByAddressAndName() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int nobody = freePort();
        SshConnection connection = connect(spec("R 0"));
        int port = listening(connection, 0).port();
        assertTrue(port > 0, "the server chose a port");
        // the server is on this machine's loopback: a SOCKS client here plays a program on the server
        byte[] data = payload(20_000);
        assertArrayEquals(data, socks(port, Socks5.IPV4, new byte[] {127, 0, 0, 1}, echo, data));
        assertArrayEquals(data, socks(port, Socks5.DOMAIN, "localhost".getBytes(StandardCharsets.US_ASCII), echo,
                data), "the name resolved here");
        try (Socket socket = new Socket(LOOPBACK4, port)) {
            socket.setSoTimeout(20_000);
            assertEquals(Socks5.REFUSED, socksConnect(socket, Socks5.IPV4, new byte[] {127, 0, 0, 1}, nobody),
                    "nobody listens here: connection refused, RFC 1928's code 5");
        }
        ActiveForward forward = connection.forwards().list().get(0);
        awaitIdle(forward, 2, data.length * 2L);
        assertEquals(1, forward.state().failedConnections());
        Await.until("the refusal in words", WAIT, () -> connection.forwards().events().stream().anyMatch(l ->
                l.contains("SOCKS proxy on the server's port " + port + ": this computer could not reach 127.0.0.1:"
                        + nobody + ": connection refused")), () -> connection.forwards().events().toString());
        assertEquals("SOCKS proxy on the server's localhost:0 (connecting from here)", forward.forward().describe());
    }

    /** Whether this machine can listen on the IPv6 loopback at all (CI containers may have no IPv6). */
    private static boolean ipv6Loopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback6())) {
            return probe.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static ForwardState awaitProblem(SshConnection connection, int index, String words)
            throws InterruptedException {
        ActiveForward forward = connection.forwards().list().get(index);
        return Await.value("forward " + forward.forward().text() + " to say \"" + words + "\"", WAIT,
                () -> Optional.of(forward.state()).filter(s -> s.phase() == ForwardState.Phase.STARTING
                        && s.problem().contains(words)), () -> forward.state().toString());
    }

    @Test
    void theDefaultAddressListensOnTheIpv6LoopbackTooAsSshDoesForLocalhost() throws Exception {
        Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int local = freePort();
        int socks = freePort();
        SshConnection connection = connect(spec("L " + local + ":127.0.0.1:" + echo + "\nD " + socks));
        listening(connection, 0);
        listening(connection, 1);
        InetAddress ipv6 = loopback6();
        byte[] data = payload(5000);
        assertArrayEquals(data, roundTrip(new Socket(ipv6, local), data), "through [::1]:" + local);
        assertArrayEquals(data, roundTrip(new Socket(LOOPBACK4, local), data), "and 127.0.0.1:" + local);
        Socket viaSocks = new Socket();
        viaSocks.connect(new InetSocketAddress(ipv6, socks));
        viaSocks.setSoTimeout(20_000);
        assertEquals(Socks5.SUCCEEDED, socksConnect(viaSocks, Socks5.IPV4, new byte[] {127, 0, 0, 1}, echo));
        assertArrayEquals(data, roundTrip(viaSocks, data), "the SOCKS proxy on [::1]");
        connection.close();
        assertTrue(Await.value("[::1]:" + local + " to be let go", WAIT, () -> {
            try (ServerSocket again = new ServerSocket(local, 1, ipv6)) {
                return Optional.of(again.getLocalPort() == local);
            } catch (IOException e) {
                return Optional.empty();
            }
        }, () -> "still bound"), "closed with the connection");

        // an address asked for is listened on alone; ::1 taken by another program leaves 127.0.0.1 working
        try (ServerSocket other = new ServerSocket(0, 1, ipv6)) {
            int port = other.getLocalPort();
            Assumptions.assumeTrue(isFree(LOOPBACK4, port), "the same port on 127.0.0.1 is taken too");
            SshConnection second = connect(spec("L " + port + ":127.0.0.1:" + echo
                    + "\nL 127.0.0.1:" + local + ":127.0.0.1:" + echo));
            listening(second, 0);
            listening(second, 1);
            assertArrayEquals(data, roundTrip(new Socket(LOOPBACK4, port), data));
            Await.until("the event to say 127.0.0.1 only", WAIT, () -> second.forwards().events().stream()
                    .anyMatch(l -> l.contains("listens on 127.0.0.1 only: port " + port + " on the IPv6 loopback")),
                    () -> second.forwards().events().toString());
            assertTrue(isFree(ipv6, local), "127.0.0.1 asked for: nothing on [::1]:" + local);
        }
    }

    private static boolean isFree(InetAddress address, int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, address)) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void onAReconnectALocalPortStillHeldIsWaitedForBriefly() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        ServerSocket held = new ServerSocket(0, 1, LOOPBACK4);
        int port = held.getLocalPort();
        SshConnection connection;
        try (held) {
            connection = connector.attempt(spec("L 127.0.0.1:" + port + ":127.0.0.1:" + echo),
                    new ScriptedInteraction(), 80, 24).replacing().run();
            toClose.add(connection);
            awaitProblem(connection, 0, "port " + port + " is already in use on this computer; trying again");
        }
        assertEquals(port, listening(connection, 0).port(), "listening once the old holder let go");
        byte[] data = payload(2000);
        assertArrayEquals(data, roundTrip(new Socket(LOOPBACK4, port), data));
        assertEquals("", connection.forwards().list().get(0).state().problem(), "no problem shown once listening");
    }

    @Test
    void onAReconnectARemotePortTheOldConnectionStillHoldsIsAskedForAgain() throws Exception {
        startServer(List.of());
        int echo = echo(LOOPBACK4);
        int remote = freePort();
        ConnectSpec spec = spec("R " + remote + ":127.0.0.1:" + echo);
        SshConnection old = connect(spec);
        listening(old, 0);
        SshConnection replacement = connector.attempt(spec, new ScriptedInteraction(), 80, 24).replacing().run();
        toClose.add(replacement);
        awaitProblem(replacement, 0, "the server refused to listen on port " + remote
                + " (its AllowTcpForwarding or PermitListen settings); asking again in 2 s");
        old.close(); // the server lets go of the port with the old connection
        assertEquals(remote, listening(replacement, 0).port());
        byte[] data = payload(2000);
        // the server is on this machine's loopback: its listener is reached from here, and carries back to the echo
        assertArrayEquals(data, roundTrip(new Socket(LOOPBACK4, remote), data));
        assertTrue(replacement.forwards().events().stream().anyMatch(l -> l.matches(".*asked [2-9] times.*")),
                replacement.forwards().events().toString());
    }

    /** A SOCKS5 client: no-auth greeting, CONNECT, then the data through the tunnel. */
    private static byte[] socks(int proxyPort, int type, byte[] address, int port, byte[] data) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort));
        socket.setSoTimeout(20_000);
        int reply = socksConnect(socket, type, address, port);
        assertEquals(Socks5.SUCCEEDED, reply, "the proxy's reply");
        return roundTrip(socket, data);
    }

    /** Greets, asks to CONNECT, and returns the reply code (reading the whole reply). */
    private static int socksConnect(Socket socket, int type, byte[] address, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write(new byte[] {5, 2, 2, 0}); // offers user/password and no-auth
        assertEquals(5, in.readUnsignedByte());
        assertEquals(0, in.readUnsignedByte(), "no authentication chosen");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(new byte[] {5, 1, 0, (byte) type});
        if (type == Socks5.DOMAIN) {
            request.write(address.length);
        }
        request.write(address);
        request.write(port >> 8);
        request.write(port & 0xFF);
        out.write(request.toByteArray());
        out.flush();
        assertEquals(5, in.readUnsignedByte());
        int code = in.readUnsignedByte();
        in.readUnsignedByte();
        int bound = in.readUnsignedByte();
        int skip = switch (bound) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.readUnsignedByte();
            default -> throw new IOException("bad address type in reply: " + bound);
        };
        in.readNBytes(skip + 2);
        return code;
    }
}
