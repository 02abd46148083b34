package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.ssh.Interaction.HostKeyDecision;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import dev.holdfast.testing.TestConnectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host certificates against Debian's real sshd with a {@code HostCertificate} made by the real
 * {@code ssh-keygen -s -h}, and, for each case, the real OpenSSH client ({@code ssh -o BatchMode=yes
 * -o StrictHostKeyChecking=yes}) against the same server and known_hosts file: Holdfast connects without a
 * question exactly when ssh does (where ssh refuses an unknown key, Holdfast asks, and the test answers Cancel).
 */
class HostCertificateIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private OpenSshServer server;
    private Path userKey;
    private Path userKnownHosts;
    private KnownHosts knownHosts;
    private SshConnector connector;
    private String sshOutput = "";

    @BeforeEach
    void setUp() throws Exception {
        Requires.sshd();
        userKey = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        userKnownHosts = dir.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, "");
        knownHosts = new KnownHosts(List.of(userKnownHosts), dir.resolve("app_known_hosts"));
        connector = TestConnectors.connector(knownHosts, new SecretCache());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A fresh ED25519 CA key pair; returns the private key (the public one is beside it, .pub). */
    private Path ca(String name) throws Exception {
        return SshKeys.generate(dir, name, "ed25519", "");
    }

    /** {@code ssh-keygen -s ca -h -I id -z serial [-n principals] -V validity hostPublicKey}: the cert file. */
    private static Path certify(Path hostPublicKey, Path ca, String principals, String validity, int serial)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-s", ca.toString(), "-h",
                "-I", "holdfast-test-host", "-z", Integer.toString(serial), "-V", validity));
        if (!principals.isEmpty()) {
            command.addAll(List.of("-n", principals));
        }
        command.add(hostPublicKey.toString());
        run(command);
        String name = hostPublicKey.getFileName().toString();
        return hostPublicKey.resolveSibling(name.substring(0, name.length() - ".pub".length()) + "-cert.pub");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }

    private void start(Path ca, String principals, String validity) throws Exception {
        server = OpenSshServer.startWithHostCertificate(dir.resolve("sshd"),
                pub -> certify(pub, ca, principals, validity, 1));
        server.authorize(SshKeys.publicKey(userKey));
    }

    private String hostPattern() {
        return "[" + server.host() + "]:" + server.port();
    }

    private static String publicKey(Path privateKey) throws IOException {
        String[] fields = Files.readString(SshKeys.publicKey(privateKey)).trim().split("\\s+");
        return fields[0] + " " + fields[1];
    }

    private void knownHostsLines(String... lines) throws IOException {
        Files.writeString(userKnownHosts, String.join("\n", lines) + "\n");
    }

    private String caLine(String patterns, Path ca) throws IOException {
        return "@cert-authority " + patterns + " " + publicKey(ca);
    }

    private String plainKeyLine() throws IOException {
        HostKey key = server.hostKey("ed25519");
        return hostPattern() + " " + key.type() + " " + key.base64();
    }

    /** The real OpenSSH client with the same known_hosts file, strict and non-interactive. */
    private boolean sshAccepts() throws IOException, InterruptedException {
        Process ssh = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", userKey.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + userKnownHosts, "-o",
                "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes", "-o", "CheckHostIP=no",
                "-o", "ConnectTimeout=10", "-p", Integer.toString(server.port()), server.host(), "true")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        sshOutput = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ssh.waitFor(30, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new AssertionError("ssh did not finish: " + sshOutput);
        }
        return ssh.exitValue() == 0;
    }

    /** What Holdfast did: connected without a question, asked (and was cancelled), or refused. */
    private record Outcome(boolean connected, List<HostKeyCheck> questions, Optional<ConnectFailure> failure) {
        boolean connectedWithoutQuestion() {
            return connected && questions.isEmpty();
        }
    }

    private Outcome holdfast(ScriptedInteraction interaction) {
        ConnectSpec spec = new ConnectSpec("cert", server.host(), server.port(), server.user(),
                AuthMethod.PUBLIC_KEY, Optional.of(userKey), Duration.ofSeconds(10), "xterm-256color");
        try (SshConnection connection = connector.attempt(spec, interaction, 80, 24).run()) {
            return new Outcome(connection.isOpen(), interaction.hostKeyQuestions(), Optional.empty());
        } catch (ConnectFailure e) {
            return new Outcome(false, interaction.hostKeyQuestions(), Optional.of(e));
        }
    }

    /** Holdfast (answering Cancel to any question) against ssh, on the same server and file. */
    private Outcome differential() throws Exception {
        Outcome outcome = holdfast(new ScriptedInteraction());
        boolean ssh = sshAccepts();
        assertEquals(ssh, outcome.connectedWithoutQuestion(), "Holdfast connects without a question exactly when "
                + "ssh -o StrictHostKeyChecking=yes does; ssh said:\n" + sshOutput + "\nHoldfast: " + outcome);
        return outcome;
    }

    private void awaitCertificateNegotiated() throws InterruptedException {
        server.awaitLog(Pattern.compile("host key algorithm: ssh-ed25519-cert-v01@openssh.com"), LOG_WAIT);
    }

    @Test
    void aCertificateSignedByTheCaOfAMatchingCertAuthorityLineConnectsWithNoQuestion() throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1,localhost", "-5m:+1h");
        knownHostsLines(caLine(hostPattern(), ca));

        Outcome outcome = holdfast(new ScriptedInteraction());

        assertTrue(outcome.connectedWithoutQuestion(), outcome.toString());
        awaitCertificateNegotiated(); // by Holdfast: ssh has not connected yet
        differential();
        assertFalse(Files.exists(knownHosts.appFile()), "nothing is saved for a host its CA vouches for");
    }

    @Test
    void aCertificateWhosePlainKeyIsPinnedConnectsWithoutACaLine() throws Exception {
        start(ca("ca"), "127.0.0.1", "-5m:+1h");
        knownHostsLines(plainKeyLine());

        Outcome outcome = holdfast(new ScriptedInteraction());

        assertTrue(outcome.connectedWithoutQuestion(), outcome.toString());
        awaitCertificateNegotiated(); // Holdfast asks for the certificate of a known key, as ssh does
        differential();
    }

    @Test
    void anUnknownCertifiedHostIsAskedAboutByItsPlainKeyWhichIsSavedAndStillKnownAfterTheCertificateIsRenewed()
            throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1,localhost", "-5m:+1h");

        differential(); // ssh refuses an unknown key; Holdfast asks

        ScriptedInteraction first = new ScriptedInteraction().hostKey(HostKeyDecision.ACCEPT_AND_SAVE);
        Outcome accepted = holdfast(first);
        assertTrue(accepted.connected(), accepted.toString());
        assertEquals(1, accepted.questions().size());
        HostKeyCheck asked = accepted.questions().get(0);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, asked.verdict());
        assertEquals(server.hostKey("ed25519"), asked.presented(), "the plain key, not the certificate");
        assertEquals(server.hostKeyFingerprint("ed25519"), asked.presented().sha256Fingerprint(),
                "the fingerprint ssh-keygen -lf prints for the host's public key");
        assertTrue(asked.certificate().isPresent(), "the question knows a certificate was sent");
        assertTrue(HostKeyTexts.certificateNote(asked).orElseThrow().contains(
                HostKey.fromBase64(publicKey(ca).split(" ")[0], publicKey(ca).split(" ")[1]).sha256Fingerprint()),
                "the dialog names the CA");
        awaitCertificateNegotiated();
        assertEquals(plainKeyLine() + "\n", Files.readString(knownHosts.appFile()), "the plain key is saved");

        // the certificate is re-issued for the same key: new serial, new validity
        certify(server.hostPublicKeyFile("ed25519"), ca, "127.0.0.1,localhost", "-1m:+2h", 2);
        Outcome renewed = holdfast(new ScriptedInteraction());
        assertTrue(renewed.connectedWithoutQuestion(), "a renewed certificate of the saved key: " + renewed);
        // and OpenSSH agrees once it has the same line
        knownHostsLines(Files.readString(knownHosts.appFile()).trim());
        assertTrue(sshAccepts(), sshOutput);
    }

    @Test
    void anExpiredCertificateIsNotTakenFromItsCaAndFallsBackToThePlainKeyAsInOpenSsh() throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1", "-2d:-1d");
        knownHostsLines(caLine(hostPattern(), ca));

        Outcome unknown = differential();
        assertTrue(sshOutput.contains("Certificate invalid: expired"), sshOutput);
        assertEquals(1, unknown.questions().size(), "the plain key is asked about: " + unknown);
        assertTrue(unknown.questions().get(0).certificate().orElseThrow().problem().orElseThrow().contains("expired"));
        assertTrue(HostKeyTexts.certificateNote(unknown.questions().get(0)).orElseThrow().contains("not accepted: it expired"));

        knownHostsLines(caLine(hostPattern(), ca), plainKeyLine());
        Outcome pinned = differential();
        assertTrue(pinned.connectedWithoutQuestion(), "an expired certificate of a pinned key: " + pinned);
    }

    @Test
    void aCertificateForOtherPrincipalsIsNotTakenFromItsCa() throws Exception {
        Path ca = ca("ca");
        start(ca, "db.example,localhost", "-5m:+1h");
        knownHostsLines(caLine(hostPattern(), ca));

        Outcome outcome = differential();

        assertTrue(sshOutput.contains("name is not a listed principal"), sshOutput);
        assertEquals(1, outcome.questions().size(), outcome.toString());
        assertTrue(outcome.questions().get(0).certificate().orElseThrow().problem().orElseThrow()
                .contains("not for 127.0.0.1"));
    }

    @Test
    void aCertificateSignedByAnotherCaThanTheLineNamesIsNotTaken() throws Exception {
        Path named = ca("ca");
        start(ca("other_ca"), "127.0.0.1", "-5m:+1h");
        knownHostsLines(caLine(hostPattern(), named));

        Outcome outcome = differential();

        assertEquals(1, outcome.questions().size(), outcome.toString());
        assertTrue(outcome.questions().get(0).certificate().orElseThrow().problem().orElseThrow()
                .contains("no @cert-authority line"));
    }

    @Test
    void aRevokedCaIsRefusedEvenWhenThePlainKeyIsPinned() throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1", "-5m:+1h");
        knownHostsLines(caLine(hostPattern(), ca), "@revoked * " + publicKey(ca), plainKeyLine());

        Outcome outcome = differential();

        assertTrue(sshOutput.contains("REVOKED HOST KEY DETECTED"), sshOutput);
        assertEquals(List.of(), outcome.questions());
        ConnectFailure failure = outcome.failure().orElseThrow();
        assertEquals(ConnectFailure.Kind.HOST_KEY_REVOKED, failure.kind());
        assertTrue(failure.getMessage().contains("signed by the CA key") && failure.getMessage().contains("@revoked"),
                failure.getMessage());
    }

    @Test
    void aRevokedHostKeyIsRefusedThoughItsCertificateIsFromATrustedCa() throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1", "-5m:+1h");
        knownHostsLines(caLine(hostPattern(), ca), "@revoked * " + server.hostKey("ed25519").type() + " "
                + server.hostKey("ed25519").base64());

        Outcome outcome = differential();

        assertEquals(ConnectFailure.Kind.HOST_KEY_REVOKED, outcome.failure().orElseThrow().kind());
    }

    @Test
    void certAuthorityHostPatternsMatchAsInOpenSsh() throws Exception {
        Path ca = ca("ca");
        start(ca, "127.0.0.1", "-5m:+1h");

        knownHostsLines(caLine("*.example", ca));
        assertFalse(differential().connectedWithoutQuestion(), "*.example is not 127.0.0.1");

        knownHostsLines(caLine("*", ca));
        assertTrue(differential().connectedWithoutQuestion(), "* matches every host");

        // for a port other than 22, ssh looks for a CA under the bare host name when none names the port
        knownHostsLines(caLine("127.0.0.1", ca));
        assertTrue(differential().connectedWithoutQuestion(), "a CA line for the bare host name serves any port");

        knownHostsLines(caLine("*,!" + hostPattern(), ca));
        assertTrue(differential().connectedWithoutQuestion(), "excluded with its port, matched without");

        knownHostsLines(caLine("*,!127.0.0.1,!" + hostPattern(), ca)); // both names: see above
        assertFalse(differential().connectedWithoutQuestion(), "a negated pattern excludes the host");

        Path plain = dir.resolve("to_hash");
        Files.writeString(plain, hostPattern() + " " + publicKey(ca) + "\n");
        run(List.of("ssh-keygen", "-q", "-H", "-f", plain.toString()));
        String hashed = Files.readString(plain).trim().split("\\s+")[0];
        assertTrue(hashed.startsWith("|1|"), hashed);
        knownHostsLines(caLine(hashed, ca));
        assertTrue(differential().connectedWithoutQuestion(), "a hashed host pattern on a @cert-authority line");
    }
}
