package dev.holdfast.ssh;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.Interaction.HostKeyDecision;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestSshServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connector against an in-process MINA SSHD server: host keys, every authentication, failures. */
class SshConnectorIT {
    @TempDir
    Path dir;

    private TestSshServer server;
    private KnownHosts knownHosts;
    private SecretCache secrets;
    private SshConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new TestSshServer();
        knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
        secrets = new SecretCache();
        connector = TestConnectors.connector(knownHosts, secrets);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ConnectSpec spec(AuthMethod auth, Optional<Path> keyFile) {
        return new ConnectSpec("test", "127.0.0.1", server.port(), TestSshServer.USER, auth, keyFile,
                Duration.ofSeconds(10), "xterm-256color");
    }

    private void trustServer() throws IOException {
        knownHosts.accept("127.0.0.1", server.port(), new HostKey(server.hostKeyType(), server.hostKeyBlob()));
    }

    @Test
    void passwordLoginGivesAShellOnAPtyWithTheRequestedTerm() throws Exception {
        trustServer();
        ScriptedInteraction ask = new ScriptedInteraction().secret(TestSshServer.PASSWORD, false);
        try (SshConnection connection = connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 100, 30)
                .run()) {
            connection.input().write("echo $((6*7))\n".getBytes(StandardCharsets.UTF_8));
            connection.input().flush();
            assertTrue(readUntil(connection.output(), "42\r\n").contains("42"));
            assertEquals("xterm-256color", server.ptyRequests().get(0).get("TERM"));
            assertEquals("100", server.ptyRequests().get(0).get("COLUMNS"));
            assertEquals("30", server.ptyRequests().get(0).get("LINES"));
        }
        assertEquals(List.of("password 1"), ask.questions());
        assertEquals(0, secrets.size(), "not remembered unless asked to");
    }

    @Test
    void tcpKeepaliveOptionsAreAppliedAndReportedAsTheOsAcceptedThem() throws Exception {
        trustServer();
        ConnectSpec spec = new ConnectSpec("test", "127.0.0.1", server.port(), TestSshServer.USER,
                AuthMethod.PASSWORD, Optional.empty(), Duration.ofSeconds(10), "xterm-256color",
                new dev.holdfast.keepalive.TcpKeepalive(true, 30, 5, 4));
        try (SshConnection connection = connector.attempt(spec,
                new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run()) {
            java.net.Socket socket = connection.client().getSocket();
            assertTrue(socket.getKeepAlive());
            if (dev.holdfast.keepalive.TcpKeepaliveSupport.detect().tuningSupported()) {
                assertEquals(30, socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
                assertEquals(5, socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL));
                assertEquals(4, socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT));
                assertEquals("on: idle 30 s, every 5 s, 4 probes (as asked)", connection.tcpKeepalive());
            } else {
                assertTrue(connection.tcpKeepalive().startsWith("on with the system's timing"));
            }
        }
    }

    @Test
    void nagleIsOffSoAKeystrokeIsNotHeldBackBehindTheLastOne() throws Exception {
        trustServer();
        try (SshConnection connection = connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()),
                new ScriptedInteraction().secret(TestSshServer.PASSWORD, false), 80, 24).run()) {
            assertTrue(connection.client().getSocket().getTcpNoDelay()); // as OpenSSH's client sets it
        }
    }

    @Test
    void aWrongPasswordIsAskedAgainThenGivesTheAuthenticationError() throws Exception {
        trustServer();
        ScriptedInteraction ask = new ScriptedInteraction().secret("nope", true).secret("still-no", true)
                .secret("guess", true);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertTrue(failure.getMessage().contains("refused the password for alice"), failure.getMessage());
        assertEquals(List.of("password 1", "password 2", "password 3"), ask.questions());
        assertEquals(List.of("nope", "still-no", "guess"), server.passwordsTried());
        assertEquals(0, secrets.size(), "a refused password is never remembered");
    }

    @Test
    void aRememberedPasswordIsNotAskedForAgainAndNeverWritten() throws Exception {
        trustServer();
        ScriptedInteraction first = new ScriptedInteraction().secret(TestSshServer.PASSWORD, true);
        connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), first, 80, 24).run().close();
        ScriptedInteraction second = new ScriptedInteraction();
        connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), second, 80, 24).run().close();
        assertEquals(List.of(), second.questions());
        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.toList();
        }
        for (Path file : files) {
            assertFalse(Files.readString(file).contains(TestSshServer.PASSWORD), file + " holds the password");
        }
    }

    @Test
    void anUnknownHostKeyAsksWithItsFingerprintAndCancelSendsNothing() throws Exception {
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.CANCEL);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run());
        assertEquals(ConnectFailure.Kind.CANCELLED, failure.kind());
        HostKey expected = new HostKey(server.hostKeyType(), server.hostKeyBlob());
        assertEquals(List.of("host-key " + expected.sha256Fingerprint()), ask.questions());
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, ask.hostKeyQuestions().get(0).verdict());
        assertEquals(List.of(), server.passwordsTried(), "no credentials go to an unaccepted host");
        assertFalse(Files.exists(knownHosts.appFile()));
    }

    @Test
    void acceptAndSaveWritesTheKeySoTheNextConnectionDoesNotAsk() throws Exception {
        ScriptedInteraction first = new ScriptedInteraction().hostKey(HostKeyDecision.ACCEPT_AND_SAVE)
                .secret(TestSshServer.PASSWORD, false);
        connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), first, 80, 24).run().close();
        assertTrue(Files.readString(knownHosts.appFile()).startsWith("[127.0.0.1]:" + server.port()
                + " ecdsa-sha2-nistp256 "));
        ScriptedInteraction second = new ScriptedInteraction().secret(TestSshServer.PASSWORD, false);
        connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), second, 80, 24).run().close();
        assertEquals(List.of("password 1"), second.questions());
    }

    @Test
    void connectOnceDoesNotSaveTheKey() throws Exception {
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.CONNECT_ONCE)
                .secret(TestSshServer.PASSWORD, false);
        connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run().close();
        assertFalse(Files.exists(knownHosts.appFile()));
    }

    @Test
    void aChangedHostKeyIsRefusedWithoutAskingAndNamesBothFingerprintsAndTheLine() throws Exception {
        Path userFile = dir.resolve("user_known_hosts");
        HostKey old = oldKey();
        Files.writeString(userFile, "# my hosts\n[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 "
                + old.base64() + "\n");
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.ACCEPT_AND_SAVE)
                .secret(TestSshServer.PASSWORD, false);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run());
        assertEquals(ConnectFailure.Kind.HOST_KEY_CHANGED, failure.kind());
        assertFalse(failure.kind().retryable());
        HostKey presented = new HostKey(server.hostKeyType(), server.hostKeyBlob());
        assertTrue(failure.getMessage().contains(presented.sha256Fingerprint()), failure.getMessage());
        assertTrue(failure.getMessage().contains(old.sha256Fingerprint()), failure.getMessage());
        assertTrue(failure.getMessage().contains(userFile + " line 2"), failure.getMessage());
        assertEquals(2, failure.hostKeyCheck().orElseThrow().conflicting().orElseThrow().line());
        assertEquals(List.of(), ask.questions(), "no question, no way past it");
        assertEquals(List.of(), server.passwordsTried());
    }

    @Test
    void aLatin1CommentInTheUserFileDoesNotTurnAChangedKeyIntoAnUnknownHost() throws Exception {
        Path userFile = dir.resolve("user_known_hosts");
        HostKey old = oldKey();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("# r".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xe9); // Latin-1 e-acute: not UTF-8
        bytes.writeBytes(("seau\n[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 " + old.base64() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        Files.write(userFile, bytes.toByteArray());
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.CONNECT_ONCE)
                .secret(TestSshServer.PASSWORD, false);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run());
        assertEquals(ConnectFailure.Kind.HOST_KEY_CHANGED, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains(userFile + " line 2"), failure.getMessage());
        assertEquals(List.of(), ask.questions(), "not asked as an unknown host");
        assertEquals(List.of(), server.passwordsTried());
    }

    @Test
    void aKnownHostsFileThatCannotBeReadFailsClosedNamingTheFile() throws Exception {
        Path userFile = Files.createDirectory(dir.resolve("user_known_hosts")); // unreadable, even for root
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.CONNECT_ONCE)
                .secret(TestSshServer.PASSWORD, false);
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run());
        assertEquals(ConnectFailure.Kind.HOST_KEY_UNVERIFIABLE, failure.kind(), failure.getMessage());
        assertTrue(failure.kind().needsPerson());
        assertTrue(failure.getMessage().contains(userFile + " exists but cannot be read"), failure.getMessage());
        assertEquals(HostKeyCheck.Verdict.UNVERIFIABLE, failure.hostKeyCheck().orElseThrow().verdict());
        assertEquals(List.of(), ask.questions(), "no unknown-host offer for a host the file might know");
        assertEquals(List.of(), server.passwordsTried());
    }

    @Test
    void acceptAndSaveThatCannotSaveConnectsOnceAndSaysSo() throws Exception {
        Path blocker = Files.writeString(dir.resolve("config"), "a file where the config directory should be");
        KnownHosts unwritable = new KnownHosts(List.of(dir.resolve("user_known_hosts")),
                blocker.resolve("known_hosts"));
        SshConnector withUnwritable = TestConnectors.connector(unwritable, secrets);
        ScriptedInteraction ask = new ScriptedInteraction().hostKey(HostKeyDecision.ACCEPT_AND_SAVE)
                .secret(TestSshServer.PASSWORD, false);
        withUnwritable.attempt(spec(AuthMethod.PASSWORD, Optional.empty()), ask, 80, 24).run().close();
        assertEquals(1, ask.notSaved().size(), ask.progress().toString());
        assertTrue(ask.notSaved().get(0).startsWith(blocker.resolve("known_hosts") + ": "), ask.notSaved().toString());
        assertFalse(ask.notSaved().get(0).contains("Exception"), "plain words: " + ask.notSaved());
        assertEquals("a file where the config directory should be", Files.readString(blocker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void keyFilesOfEachOpenSshTypeLogIn(String type) throws Exception {
        trustServer();
        Path key = SshKeys.generate(dir, "id_" + type, type, "");
        server.authorize(SshKeys.publicKey(key));
        ScriptedInteraction ask = new ScriptedInteraction();
        connector.attempt(spec(AuthMethod.PUBLIC_KEY, Optional.of(key)), ask, 80, 24).run().close();
        assertEquals(List.of(), ask.questions(), "an unencrypted key needs no passphrase");
    }

    @Test
    void withoutAKeyFileTheUsualKeysInTheGivenSshDirectoryAreTried() throws Exception {
        trustServer();
        Path sshDir = Files.createDirectories(dir.resolve("home").resolve(".ssh"));
        Path key = SshKeys.generate(sshDir, "id_ecdsa", "ecdsa", "");
        server.authorize(SshKeys.publicKey(key));
        SshConnector withHome = TestConnectors.connector(knownHosts, secrets, sshDir);
        withHome.attempt(spec(AuthMethod.PUBLIC_KEY, Optional.empty()), new ScriptedInteraction(), 80, 24).run().close();
        ConnectFailure none = assertThrows(ConnectFailure.class, () -> TestConnectors.connector(knownHosts, secrets,
                dir.resolve("empty")).attempt(spec(AuthMethod.PUBLIC_KEY, Optional.empty()), new ScriptedInteraction(),
                80, 24).run());
        assertEquals(ConnectFailure.Kind.KEY_FILE, none.kind());
    }

    @Test
    void anEncryptedKeyAsksForItsPassphraseAgainWhenWrongAndCanRememberIt() throws Exception {
        trustServer();
        Path key = SshKeys.generate(dir, "id_locked", "ed25519", "open sesame");
        server.authorize(SshKeys.publicKey(key));
        ScriptedInteraction ask = new ScriptedInteraction().secret("wrong", true).secret("open sesame", true);
        connector.attempt(spec(AuthMethod.PUBLIC_KEY, Optional.of(key)), ask, 80, 24).run().close();
        assertEquals(List.of("passphrase id_locked 1", "passphrase id_locked 2"), ask.questions());
        ScriptedInteraction again = new ScriptedInteraction();
        connector.attempt(spec(AuthMethod.PUBLIC_KEY, Optional.of(key)), again, 80, 24).run().close();
        assertEquals(List.of(), again.questions(), "remembered for this app session");
    }

    @Test
    void cancellingThePassphraseCancels() throws Exception {
        trustServer();
        Path key = SshKeys.generate(dir, "id_locked", "ecdsa", "pw");
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                spec(AuthMethod.PUBLIC_KEY, Optional.of(key)), new ScriptedInteraction().cancelSecret(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.CANCELLED, failure.kind());
    }

    @Test
    void aKeyTheServerDoesNotKnowGivesTheAuthenticationError() throws Exception {
        trustServer();
        Path key = SshKeys.generate(dir, "id_stranger", "ed25519", "");
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                spec(AuthMethod.PUBLIC_KEY, Optional.of(key)), new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertTrue(failure.getMessage().contains("did not accept the key " + key), failure.getMessage());
    }

    @Test
    void aMissingKeyFileIsNamed() throws Exception {
        trustServer();
        Path missing = dir.resolve("no_such_key");
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connector.attempt(
                spec(AuthMethod.PUBLIC_KEY, Optional.of(missing)), new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind());
        assertTrue(failure.getMessage().contains("The key file " + missing + " does not exist"), failure.getMessage());
    }

    @Test
    void keyboardInteractivePromptsAreAnswered() throws Exception {
        trustServer();
        ScriptedInteraction ask = new ScriptedInteraction().secret(TestSshServer.PASSWORD, true);
        connector.attempt(spec(AuthMethod.KEYBOARD_INTERACTIVE, Optional.empty()), ask, 80, 24).run().close();
        assertEquals(1, ask.questions().size());
        assertTrue(ask.questions().get(0).startsWith("prompt Password"), ask.questions().toString());
        ScriptedInteraction again = new ScriptedInteraction();
        connector.attempt(spec(AuthMethod.KEYBOARD_INTERACTIVE, Optional.empty()), again, 80, 24).run().close();
        assertEquals(List.of(), again.questions());
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectSpec spec = new ConnectSpec("t", "127.0.0.1", port, "u", AuthMethod.PASSWORD, Optional.empty(),
                Duration.ofSeconds(5), "xterm-256color");
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec, new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.REFUSED, failure.kind());
        assertTrue(failure.getMessage().contains("refused"), failure.getMessage());
    }

    @Test
    void anUnknownHostNameSaysSo() {
        ConnectSpec spec = new ConnectSpec("t", "no-such-host.invalid", 22, "u", AuthMethod.PASSWORD,
                Optional.empty(), Duration.ofSeconds(5), "xterm-256color");
        ConnectFailure failure = assertThrows(ConnectFailure.class,
                () -> connector.attempt(spec, new ScriptedInteraction(), 80, 24).run());
        assertEquals(ConnectFailure.Kind.UNKNOWN_HOST, failure.kind());
        assertTrue(failure.getMessage().contains("no-such-host.invalid"));
    }

    @Test
    void aServerThatNeverSpeaksTimesOutAfterTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            ConnectSpec spec = new ConnectSpec("t", "127.0.0.1", silent.getLocalPort(), "u", AuthMethod.PASSWORD,
                    Optional.empty(), Duration.ofSeconds(2), "xterm-256color");
            long start = System.nanoTime();
            ConnectFailure failure = assertThrows(ConnectFailure.class,
                    () -> connector.attempt(spec, new ScriptedInteraction(), 80, 24).run());
            assertEquals(ConnectFailure.Kind.TIMED_OUT, failure.kind(), failure.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
        }
    }

    private static HostKey oldKey() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.PublicKey key = generator.generateKeyPair().getPublic();
        return HostKeyGate.toHostKey(key);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            seen.write(buffer, 0, n);
            String text = seen.toString(StandardCharsets.UTF_8);
            if (text.contains(marker)) {
                return text;
            }
        }
        throw new AssertionError("never saw " + marker + " in: " + seen.toString(StandardCharsets.UTF_8));
    }
}
