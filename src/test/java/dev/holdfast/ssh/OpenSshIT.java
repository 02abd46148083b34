package dev.holdfast.ssh;

import dev.holdfast.testing.TestConnectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.Interaction.HostKeyDecision;
import dev.holdfast.terminal.SshTtyConnector;
import dev.holdfast.testing.Await;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.SshjKexLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector against Debian's real OpenSSH server: key login, a shell through the terminal seam,
 * strict key exchange (the Terrapin fix) and the algorithms both sides settle on, as sshd's DEBUG3 log
 * and SSHJ's debug log tell it.
 */
class OpenSshIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    /** Key exchanges with no SHA-1 in them. */
    private static final Set<String> MODERN_KEX = Set.of("curve25519-sha256", "curve25519-sha256@libssh.org",
            "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "mlkem768x25519-sha256",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
    /** AEAD ciphers: their MAC is built in, which sshd logs as {@code <implicit>}. */
    private static final Set<String> AEAD_CIPHERS = Set.of("chacha20-poly1305@openssh.com",
            "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
    private static final Set<String> CTR_CIPHERS = Set.of("aes128-ctr", "aes192-ctr", "aes256-ctr");
    /** Full-length HMACs, no MD5, RIPEMD or truncated ones; SHA-1 ones stay offered for old servers. */
    private static final Set<String> ACCEPTED_MACS = Set.of("hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1-etm@openssh.com",
            "hmac-sha1");

    @TempDir
    Path dir;

    /** A shell prompt ending what the screen shows so far: {@code user@host:~$ } or {@code # }. */
    private static final Pattern PROMPT = Pattern.compile("[$#] $");

    private OpenSshServer server;
    private KnownHosts knownHosts;
    private SshConnector connector;

    @BeforeEach
    void start() throws Exception {
        Requires.sshd();
        server = OpenSshServer.start(dir.resolve("sshd"));
        knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private ConnectSpec spec(Path keyFile) {
        return new ConnectSpec("openssh", server.host(), server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(keyFile), Duration.ofSeconds(10), "xterm-256color");
    }

    /** Trusts the server's ED25519 host key, read from the .pub file sshd was given. */
    private void trustServer() throws Exception {
        knownHosts.accept(server.host(), server.port(), server.hostKey("ed25519"));
    }

    /** A fresh ED25519 user key that the server lets in. */
    private Path authorizedKey() throws Exception {
        Path key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        server.authorize(SshKeys.publicKey(key));
        return key;
    }

    private SshConnection connect(Path key, Interaction interaction) throws ConnectFailure {
        return connector.attempt(spec(key), interaction, 80, 24).run();
    }

    @Test
    void aKeyLogsInAndTheHostKeyAskedAboutIsTheOneSshKeygenPrints() throws Exception {
        Path key = authorizedKey();
        ScriptedInteraction first = new ScriptedInteraction().hostKey(HostKeyDecision.ACCEPT_AND_SAVE);
        try (SshConnection connection = connect(key, first)) {
            assertTrue(connection.isOpen());
        }
        String expected = server.hostKeyFingerprint("ed25519");
        assertEquals(List.of("host-key " + expected), first.questions(), "asked once, about the ED25519 key");
        HostKeyCheck asked = first.hostKeyQuestions().get(0);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, asked.verdict());
        assertEquals(server.hostKey("ed25519"), asked.presented());
        assertEquals("[127.0.0.1]:" + server.port() + " ssh-ed25519 " + server.hostKey("ed25519").base64() + "\n",
                Files.readString(knownHosts.appFile()));

        String userKey = OpenSshServer.fingerprint(SshKeys.publicKey(key));
        server.awaitLog(Pattern.compile("Accepted publickey for " + Pattern.quote(server.user())
                + " from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 " + Pattern.quote(userKey) + "$"), LOG_WAIT);

        ScriptedInteraction second = new ScriptedInteraction();
        connect(key, second).close();
        assertEquals(List.of(), second.questions(), "the saved key is known the next time");
    }

    @Test
    void aCommandRunsThroughTheTerminalSeamAndTheExitStatusComesBack() throws Exception {
        trustServer();
        SshConnection connection = connect(authorizedKey(), new ScriptedInteraction());
        AtomicInteger endings = new AtomicInteger();
        CompletableFuture<Optional<Integer>> ended = new CompletableFuture<>();
        SshTtyConnector tty = new SshTtyConnector(connection, Runnable::run, status -> {
            endings.incrementAndGet();
            ended.complete(status.exitStatus());
        });
        StringBuffer screen = new StringBuffer();
        CompletableFuture<Integer> lastRead = new CompletableFuture<>();
        Thread emulator = new Thread(() -> {
            char[] buffer = new char[1024];
            try {
                int n;
                while ((n = tty.read(buffer, 0, buffer.length)) >= 0) {
                    screen.append(buffer, 0, n);
                }
                lastRead.complete(n);
            } catch (Exception e) {
                lastRead.completeExceptionally(e);
            }
        }, "test-emulator");
        emulator.setDaemon(true);
        emulator.start();
        try {
            // Type only at the prompt: a login shell may flush what was typed ahead while it set up the tty.
            Await.until("the shell's prompt", Duration.ofSeconds(10),
                    () -> PROMPT.matcher(screen.toString()).find(), () -> "the shell's output: " + screen);
            tty.write("echo holdfast-$((40+2))\n");
            Await.within(Duration.ofSeconds(10), () -> screen.toString().contains("holdfast-42"));
            assertTrue(screen.toString().contains("holdfast-42"), "the shell's output: " + screen);
            tty.write("exit 7\n");
            assertEquals(-1, lastRead.get(10, TimeUnit.SECONDS), "read ends when the shell exits");
            assertEquals(Optional.of(7), ended.get(10, TimeUnit.SECONDS));
            assertEquals(1, endings.get(), "onEnded runs once");
            assertEquals(7, tty.waitFor());
        } finally {
            tty.close();
            connection.close();
        }
        server.awaitLog(Pattern.compile("session_exit_message: session \\d+ channel \\d+ pid \\d+"), LOG_WAIT);
    }

    @Test
    void strictKeyExchangeIsNegotiated() throws Exception {
        trustServer();
        Path key = authorizedKey();
        List<String> sshj = SshjKexLog.during(() -> connect(key, new ScriptedInteraction()).close());

        assertTrue(sshj.contains("Enabling strict key exchange extension"), "SSHJ's KeyExchanger log: " + sshj);
        server.awaitLog(Pattern.compile("kex_choose_conf: will use strict KEX ordering"), LOG_WAIT);
        List<String> clientKex = clientProposal("KEX algorithms");
        assertTrue(clientKex.contains("kex-strict-c-v00@openssh.com"), "SSHJ offered " + clientKex);
        List<String> serverKex = serverProposal("KEX algorithms");
        assertTrue(serverKex.contains("kex-strict-s-v00@openssh.com"), "sshd offered " + serverKex);
    }

    @Test
    void theNegotiatedAlgorithmsAreModern() throws Exception {
        trustServer();
        Path key = authorizedKey();
        List<String> sshj = SshjKexLog.during(() -> connect(key, new ScriptedInteraction()).close());

        server.awaitLog(Pattern.compile("kex: server->client cipher: "), LOG_WAIT); // the last of the choices
        String chosen = String.join("\n", server.allLog(Pattern.compile("kex: |(MACs|ciphers) ctos: ")));
        String kex = server.awaitLog(Pattern.compile("kex: algorithm: (\\S+)"), LOG_WAIT).group(1);
        assertTrue(MODERN_KEX.contains(kex), "key exchange " + kex);
        String hostKeyAlgorithm = server.awaitLog(Pattern.compile("kex: host key algorithm: (\\S+)"), LOG_WAIT)
                .group(1);
        assertEquals("ssh-ed25519", hostKeyAlgorithm, "the known key's type is asked for first");
        String c2s = null;
        String s2c = null;
        for (String direction : List.of("client->server", "server->client")) {
            Matcher m = server.awaitLog(Pattern.compile("kex: " + direction
                    + " cipher: (\\S+) MAC: (\\S+) compression: (\\S+)"), LOG_WAIT);
            String cipher = m.group(1);
            String mac = m.group(2);
            assertTrue(AEAD_CIPHERS.contains(cipher) || CTR_CIPHERS.contains(cipher),
                    direction + " cipher " + cipher + "\n" + chosen);
            if (AEAD_CIPHERS.contains(cipher)) {
                assertEquals("<implicit>", mac, direction + " MAC with " + cipher);
            } else {
                assertEquals("hmac-sha2-256-etm@openssh.com", mac, direction + " MAC with " + cipher
                        + ": OpenSSH's own first choice, as Holdfast offers it first\n" + chosen);
            }
            assertEquals("none", m.group(3), direction + " compression");
            if (direction.startsWith("client")) {
                c2s = cipher;
            } else {
                s2c = cipher;
            }
        }

        // SSHJ agrees with sshd on what was chosen.
        String negotiated = sshj.stream().filter(s -> s.startsWith("Negotiated algorithms: ")).findFirst()
                .orElseThrow(() -> new AssertionError("SSHJ's KeyExchanger log: " + sshj));
        assertTrue(negotiated.contains("kex=" + kex + ";"), negotiated);
        assertTrue(negotiated.contains("sig=" + hostKeyAlgorithm + ";"), negotiated);
        assertTrue(negotiated.contains("c2sCipher=" + c2s + ";"), negotiated);
        assertTrue(negotiated.contains("s2cCipher=" + s2c + ";"), negotiated);

        // And what SSHJ offered, as sshd read it, holds nothing weak to fall back to.
        for (String offered : clientProposal("KEX algorithms")) {
            assertFalse(offered.contains("sha1"), "SSHJ offered the SHA-1 key exchange " + offered);
        }
        for (String field : List.of("ciphers ctos", "ciphers stoc")) {
            for (String offered : clientProposal(field)) {
                assertTrue(AEAD_CIPHERS.contains(offered) || CTR_CIPHERS.contains(offered),
                        "SSHJ offered the cipher " + offered + " (" + field + ")");
            }
        }
        for (String field : List.of("MACs ctos", "MACs stoc")) {
            for (String offered : clientProposal(field)) {
                assertTrue(ACCEPTED_MACS.contains(offered), "SSHJ offered the MAC " + offered + " (" + field + ")");
            }
        }
        List<String> hostKeyAlgorithms = clientProposal("host key algorithms");
        // the known key's type first, its certificate algorithm before it, as OpenSSH's ssh orders them: a
        // certificate of the known key is checked against that key (HostCertificateIT)
        assertEquals(List.of("ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519"), hostKeyAlgorithms.subList(0, 2),
                "host key algorithms " + hostKeyAlgorithms);
        for (String refused : List.of("ssh-rsa", "ssh-dss")) {
            assertFalse(hostKeyAlgorithms.contains(refused), "SSHJ offered " + refused + ": " + hostKeyAlgorithms);
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowGivesTheAuthenticationError() throws Exception {
        trustServer();
        Path known = authorizedKey();
        Path stranger = SshKeys.generate(dir, "id_stranger", "ed25519", "");
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> connect(stranger, new ScriptedInteraction()));
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains("did not accept the key " + stranger), failure.getMessage());

        String strangerPrint = OpenSshServer.fingerprint(SshKeys.publicKey(stranger));
        assertNotEquals(OpenSshServer.fingerprint(SshKeys.publicKey(known)), strangerPrint);
        server.awaitLog(Pattern.compile("Failed publickey for " + Pattern.quote(server.user())
                + " from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 " + Pattern.quote(strangerPrint)), LOG_WAIT);
        assertEquals(List.of(), server.allLog(Pattern.compile("Accepted publickey")), "nobody got in");
    }

    /** One field of the client's KEXINIT as sshd logged it ("peer client KEXINIT proposal"). */
    private List<String> clientProposal(String field) throws InterruptedException {
        return proposal("peer client KEXINIT proposal", field);
    }

    /** One field of sshd's own KEXINIT ("local server KEXINIT proposal"). */
    private List<String> serverProposal(String field) throws InterruptedException {
        return proposal("local server KEXINIT proposal", field);
    }

    private List<String> proposal(String heading, String field) throws InterruptedException {
        server.awaitLog(Pattern.compile("kex: algorithm: "), LOG_WAIT); // both proposals are logged before it
        List<String> lines = server.logLines();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(heading)) {
                start = i;
                break;
            }
        }
        assertTrue(start >= 0, "no \"" + heading + "\" in the sshd log:\n" + server.log());
        Pattern pattern = Pattern.compile("debug2: " + Pattern.quote(field) + ": (\\S*)");
        for (int i = start + 1; i < Math.min(lines.size(), start + 14); i++) {
            Matcher m = pattern.matcher(lines.get(i));
            if (m.find()) {
                return Arrays.asList(m.group(1).split(","));
            }
        }
        throw new AssertionError("no \"" + field + "\" after \"" + heading + "\" in the sshd log:\n" + server.log());
    }
}
