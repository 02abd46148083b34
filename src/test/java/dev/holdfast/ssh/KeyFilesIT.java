package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import dev.holdfast.testing.OpenSshServer;
import dev.holdfast.testing.Requires;
import dev.holdfast.testing.ScriptedInteraction;
import dev.holdfast.testing.SshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.schmizz.sshj.common.SecurityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key files as users have them, made by the real programs, logging in to Debian's sshd: PuTTY .ppk files
 * of versions 2 and 3 made by puttygen (with and without passphrase), OpenSSH user certificates signed by
 * {@code ssh-keygen -s} for an sshd with {@code TrustedUserCAKeys}, and encrypted OpenSSH and PEM keys.
 * One sshd and one set of keys for the class.
 */
class KeyFilesIT {
    private static final String PASSPHRASE = "correct horse";
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    private static final Pattern SPACE = Pattern.compile(" ");

    @TempDir
    static Path dir;

    private static OpenSshServer server;
    private static KnownHosts knownHosts;
    private static SshConnector connector;
    private static Path passphraseFile;
    private static Path ca;

    @BeforeAll
    static void start() throws Exception {
        Requires.sshd();
        Requires.puttygen();
        passphraseFile = dir.resolve("passphrase");
        Files.writeString(passphraseFile, PASSPHRASE + "\n");
        Files.writeString(dir.resolve("empty"), "");
        ca = SshKeys.generate(dir, "ca", "ed25519", "");
        server = OpenSshServer.start(dir.resolve("sshd"), "VERBOSE",
                List.of("TrustedUserCAKeys " + SshKeys.publicKey(ca).toAbsolutePath()));
        knownHosts = new KnownHosts(List.of(dir.resolve("user_known_hosts")), dir.resolve("known_hosts"));
        knownHosts.accept(server.host(), server.port(), server.hostKey("ed25519"));
        connector = dev.holdfast.testing.TestConnectors.connector(knownHosts, new SecretCache());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ConnectSpec spec(Path key) {
        return new ConnectSpec("keys", server.host(), server.port(), server.user(), AuthMethod.PUBLIC_KEY,
                Optional.of(key), Duration.ofSeconds(10), "xterm-256color");
    }

    private static ConnectSpec spec(Path key, Path certificate) {
        return spec(key).withAccess(ConnectSpec.Access.NONE.withCertificateFile(Optional.of(certificate)));
    }

    private static void logIn(ConnectSpec spec, ScriptedInteraction interaction) throws ConnectFailure {
        try (SshConnection connection = connector.attempt(spec, interaction, 80, 24).run()) {
            assertTrue(connection.isOpen());
        }
    }

    private static ConnectFailure refused(ConnectSpec spec, ScriptedInteraction interaction) {
        return assertThrows(ConnectFailure.class, () -> logIn(spec, interaction));
    }

    /** A plain-words message: names the file, carries no exception text. */
    private static void assertPlain(ConnectFailure failure, Path file) {
        String message = failure.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("java."), message);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    // ---- PuTTY .ppk

    static Stream<String> ppkCases() {
        List<String> cases = new ArrayList<>();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            for (String version : List.of("2", "3")) {
                cases.add(type + " " + version + " plain");
                cases.add(type + " " + version + " encrypted");
            }
        }
        return cases.stream();
    }

    /** A key made by puttygen as a .ppk file, its public half authorized on the server. */
    private static Path puttygen(String type, String version, boolean encrypted) throws Exception {
        Path ppk = dir.resolve(type + "-v" + version + (encrypted ? "-pass" : "") + ".ppk");
        List<String> command = new ArrayList<>(List.of("puttygen", "-q", "-t", type));
        if (!type.equals("ed25519")) {
            command.addAll(List.of("-b", type.equals("ecdsa") ? "256" : "2048"));
        }
        command.addAll(List.of("-o", ppk.toString(), "--ppk-param", "version=" + version, "--new-passphrase",
                (encrypted ? passphraseFile : dir.resolve("empty")).toString()));
        run(command.toArray(String[]::new));
        Path pub = dir.resolve(ppk.getFileName() + ".pub");
        run("puttygen", ppk.toString(), "-O", "public-openssh", "-o", pub.toString());
        server.authorize(pub);
        return ppk;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ppkCases")
    void aPuttygenKeyLogsIn(String which) throws Exception {
        String[] parts = SPACE.split(which, -1);
        boolean encrypted = parts[2].equals("encrypted");
        Path ppk = puttygen(parts[0], parts[1], encrypted);
        assertTrue(Files.readString(ppk).startsWith("PuTTY-User-Key-File-" + parts[1] + ": "));
        ScriptedInteraction interaction = new ScriptedInteraction();
        if (encrypted) {
            interaction.secret(PASSPHRASE, false);
        }
        logIn(spec(ppk), interaction);
        assertEquals(encrypted ? List.of("passphrase " + ppk.getFileName() + " 1") : List.of(),
                interaction.questions());
    }

    @Test
    void aPpkWithACommentInUtf8LogsIn() throws Exception {
        for (String version : List.of("2", "3")) {
            for (Path passphrase : List.of(dir.resolve("empty"), passphraseFile)) {
                Path ppk = dir.resolve("comment-v" + version + "-" + passphrase.getFileName() + ".ppk");
                run("puttygen", "-q", "-t", "ed25519", "-C", "Schlüssel für das Büro", "-o", ppk.toString(),
                        "--ppk-param", "version=" + version, "--new-passphrase", passphrase.toString());
                assertTrue(Files.readString(ppk, StandardCharsets.UTF_8).contains("Comment: Schlüssel für das Büro\n"),
                        "the comment is written in UTF-8");
                Path pub = dir.resolve(ppk.getFileName() + ".pub");
                run("puttygen", ppk.toString(), "-O", "public-openssh", "-o", pub.toString());
                server.authorize(pub);
                logIn(spec(ppk), new ScriptedInteraction().secret(PASSPHRASE, false));
            }
        }
    }

    @Test
    void aWrongPpkPassphraseIsAskedForAgain() throws Exception {
        Path ppk = puttygen("ed25519", "3", true);
        ScriptedInteraction interaction = new ScriptedInteraction().secret("wrong", false).secret(PASSPHRASE, false);
        logIn(spec(ppk), interaction);
        assertEquals(List.of("passphrase " + ppk.getFileName() + " 1", "passphrase " + ppk.getFileName() + " 2"),
                interaction.questions());
    }

    @Test
    void aVersion3PpkDecryptsWithArgon2WithoutBouncyCastleRegisteredAndAesStaysTheJdks() throws Exception {
        Path ppk = puttygen("ecdsa", "3", true);
        assertTrue(Files.readString(ppk).contains("Key-Derivation: Argon2id"));
        logIn(spec(ppk), new ScriptedInteraction().secret(PASSPHRASE, false));
        // in the full IT run the in-process MINA SSHD test servers register BouncyCastle in this same JVM, so its
        // absence is no test of Holdfast's own code; the AES checks below are
        if (!Boolean.getBoolean("holdfast.sharedJvm")) {
            assertTrue(Security.getProvider("BC") == null || mina(), "BouncyCastle registered as a JCA provider");
        }
        assertEquals("SunJCE", SecurityUtils.getCipher("AES/CTR/NoPadding").getProvider().getName());
        assertEquals("SunJCE", SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName());
    }

    @Test
    void aDamagedCutShortOrUnknownPpkFailsInPlainWords() throws Exception {
        Path good = puttygen("ecdsa", "2", false);
        String text = Files.readString(good);

        Path changed = dir.resolve("changed.ppk");
        int privateLines = text.indexOf("Private-Lines: 1\n") + "Private-Lines: 1\n".length();
        char c = text.charAt(privateLines + 10);
        Files.writeString(changed, text.substring(0, privateLines + 10) + (c == 'A' ? 'B' : 'A')
                + text.substring(privateLines + 11));
        ConnectFailure failure = refused(spec(changed), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind());
        assertPlain(failure, changed);
        assertTrue(failure.getMessage().contains("damaged PuTTY key file"), failure.getMessage());

        Path cut = dir.resolve("cut.ppk");
        Files.writeString(cut, text.substring(0, text.length() / 2));
        failure = refused(spec(cut), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind());
        assertPlain(failure, cut);
        assertTrue(failure.getMessage().contains("cut short"), failure.getMessage());

        Path future = dir.resolve("future.ppk");
        Files.writeString(future, text.replace("PuTTY-User-Key-File-2:", "PuTTY-User-Key-File-4:"));
        failure = refused(spec(future), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind());
        assertPlain(failure, future);
        assertTrue(failure.getMessage().contains("version 4"), failure.getMessage());

        Path encryptedCut = dir.resolve("encrypted-cut.ppk");
        String encrypted = Files.readString(puttygen("rsa", "3", true));
        Files.writeString(encryptedCut, encrypted.substring(0, encrypted.indexOf("Private-MAC")));
        ScriptedInteraction notAsked = new ScriptedInteraction();
        failure = refused(spec(encryptedCut), notAsked);
        assertPlain(failure, encryptedCut);
        assertEquals(List.of(), notAsked.questions(), "a cut-short file is not taken for a wrong passphrase");
    }

    // ---- The public half, read from the private key file without its passphrase

    static Stream<String> publicHalfCases() {
        return Stream.of("ed25519 -", "ed25519 locked", "ecdsa locked", "rsa locked", "rsa - PEM");
    }

    /** The base64 field of a .pub line, decoded. */
    private static byte[] pubBlob(Path pub) throws IOException {
        return java.util.Base64.getDecoder().decode(SPACE.split(Files.readString(pub).trim(), -1)[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicHalfCases")
    void theOpenSshFormatGivesItsPublicHalfWithoutThePassphraseAndPemDoesNot(String which) throws Exception {
        String[] parts = SPACE.split(which, -1);
        Path key = SshKeys.generate(dir, "half-" + which.replace(' ', '-'), parts[0],
                parts[1].equals("locked") ? PASSPHRASE : "");
        if (parts.length > 2) {
            run("ssh-keygen", "-q", "-p", "-m", "PEM", "-N", "", "-P", "", "-f", key.toString());
        }
        byte[] expected = pubBlob(SshKeys.publicKey(key));
        java.util.Optional<byte[]> read = KeyFileReader.publicBlob(key);
        if (parts.length > 2) {
            assertTrue(read.isEmpty(), "a PEM file is not read for its public half");
        } else {
            assertTrue(read.isPresent(), which);
            assertArrayEquals(expected, read.get(), which);
        }
        Files.delete(SshKeys.publicKey(key));
        assertEquals(read.isPresent(), KeyAuthenticator.publicHalf(key).isPresent(), "with no .pub beside it");
    }

    @Test
    void aPpkGivesItsPublicHalfEncryptedOrNot() throws Exception {
        for (boolean encrypted : List.of(false, true)) {
            for (String version : List.of("2", "3")) {
                Path ppk = puttygen("ed25519", version, encrypted);
                byte[] expected = pubBlob(dir.resolve(ppk.getFileName() + ".pub"));
                assertArrayEquals(expected, KeyFileReader.publicBlob(ppk).orElseThrow(), ppk.toString());
            }
        }
    }

    // ---- OpenSSH user certificates

    /** A key that is not authorized on the server, and its certificate from the test CA. */
    private static Path certified(String name, String type, String principal, String validity) throws Exception {
        Path key = SshKeys.generate(dir, name, type, "");
        run("ssh-keygen", "-q", "-s", ca.toString(), "-I", "holdfast-test", "-n", principal, "-z", "42",
                "-V", validity, SshKeys.publicKey(key).toString());
        return key;
    }

    private static Path certificateOf(Path key) {
        return key.resolveSibling(key.getFileName() + "-cert.pub");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificateTypes")
    void aCertificateBesideTheKeyLogsInWhereThePlainKeyIsNotAuthorized(String type) throws Exception {
        Path key = certified("id_" + type + "_cert", type, server.user(), "+1h");
        logIn(spec(key), new ScriptedInteraction());
        String label = type.equals("ecdsa") ? "ECDSA-CERT" : type.equals("rsa") ? "RSA-CERT" : "ED25519-CERT";
        awaitCertificateLogin(label, SshKeys.publicKey(key), "holdfast-test", 42);
    }

    static Stream<String> certificateTypes() {
        return Stream.of("ed25519", "ecdsa", "rsa");
    }

    @Test
    void theCertificateSettingPointsAtACertificateElsewhere() throws Exception {
        Path key = certified("id_ed25519_elsewhere", "ed25519", server.user(), "+1h");
        Path elsewhere = Files.createDirectories(dir.resolve("certs")).resolve("mine.pub");
        Files.move(certificateOf(key), elsewhere);
        ConnectFailure withoutIt = refused(spec(key), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, withoutIt.kind(), "the plain key is not authorized");
        logIn(spec(key, elsewhere), new ScriptedInteraction());
        awaitCertificateLogin("ED25519-CERT", SshKeys.publicKey(key), "holdfast-test", 42);
    }

    @Test
    void aPpkKeyPresentsItsCertificateToo() throws Exception {
        Path ppk = dir.resolve("certified.ppk");
        run("puttygen", "-q", "-t", "ed25519", "-o", ppk.toString(), "--ppk-param", "version=3",
                "--new-passphrase", passphraseFile.toString());
        Path pub = dir.resolve("certified.ppk.pub");
        run("puttygen", ppk.toString(), "-O", "public-openssh", "-o", pub.toString());
        run("ssh-keygen", "-q", "-s", ca.toString(), "-I", "holdfast-ppk", "-n", server.user(), "-V", "+1h",
                pub.toString());
        Path certificate = dir.resolve("certified.ppk-cert.pub");
        assertTrue(Files.exists(certificate), "ssh-keygen names it after the .pub file");
        logIn(spec(ppk, certificate), new ScriptedInteraction().secret(PASSPHRASE, false));
        awaitCertificateLogin("ED25519-CERT", pub, "holdfast-ppk", 0);
    }

    @Test
    void withNoKeyFileSetTheCertificateSettingGoesWithTheDefaultKeyItCertifies() throws Exception {
        // id_ed25519 (tried first, not authorized) is not the certified key: it goes on its own and is refused;
        // id_rsa is, and logs in with the certificate
        Path sshDir = Files.createDirectories(dir.resolve("home-ssh"));
        SshKeys.generate(sshDir, "id_ed25519", "ed25519", "");
        Path rsa = certified("id_rsa_for_default", "rsa", server.user(), "+1h");
        Files.move(rsa, sshDir.resolve("id_rsa"));
        Path certificate = Files.move(certificateOf(rsa), dir.resolve("default-cert.pub"));
        ConnectSpec spec = new ConnectSpec("keys", server.host(), server.port(), server.user(),
                AuthMethod.PUBLIC_KEY, Optional.empty(), Duration.ofSeconds(10), "xterm-256color")
                .withAccess(ConnectSpec.Access.NONE.withCertificateFile(Optional.of(certificate)));
        SshConnector withHome = dev.holdfast.testing.TestConnectors.connector(knownHosts, new SecretCache(), sshDir);
        try (SshConnection connection = withHome.attempt(spec, new ScriptedInteraction(), 80, 24).run()) {
            assertTrue(connection.isOpen());
        }
        awaitCertificateLogin("RSA-CERT", SshKeys.publicKey(rsa), "holdfast-test", 42);
    }

    /** Waits for sshd's line saying this very key logged in with a certificate (ID, serial) from the test CA. */
    private static void awaitCertificateLogin(String label, Path publicKey, String id, int serial) throws Exception {
        server.awaitLog(Pattern.compile("Accepted publickey for " + Pattern.quote(server.user()) + " .*ssh2: "
                + label + " " + Pattern.quote(OpenSshServer.fingerprint(publicKey)) + " ID " + id + " \\(serial "
                + serial + "\\) CA ED25519"), LOG_WAIT);
    }

    @Test
    void aCertificateForAnotherUserOrExpiredIsNotPresentedAndTheRefusalSaysWhy() throws Exception {
        Path other = certified("id_other_user", "ed25519", "somebody-else", "+1h");
        ScriptedInteraction interaction = new ScriptedInteraction();
        ConnectFailure failure = refused(spec(other), interaction);
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertPlain(failure, certificateOf(other));
        assertTrue(failure.getMessage().contains("is for the user somebody-else, not for " + server.user()),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("key ID \"holdfast-test\", serial 42"), failure.getMessage());
        assertTrue(interaction.progress().stream().anyMatch(p -> p.contains("Trying the key alone")),
                interaction.progress().toString());

        Path expired = certified("id_expired", "ed25519", server.user(), "-2h:-1h");
        failure = refused(spec(expired), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertPlain(failure, certificateOf(expired));
        assertTrue(failure.getMessage().contains("expired at"), failure.getMessage());
    }

    @Test
    void anExpiredCertificateFallsBackToThePlainKeyWhereThatIsAuthorized() throws Exception {
        // as OpenSSH: the certificate is one way to present the key, the key alone is the next
        Path key = certified("id_expired_but_authorized", "ed25519", server.user(), "-2h:-1h");
        server.authorize(SshKeys.publicKey(key));
        ScriptedInteraction interaction = new ScriptedInteraction();
        logIn(spec(key), interaction);
        assertTrue(interaction.progress().stream().anyMatch(p -> p.contains("expired at")
                && p.contains(certificateOf(key).toString()) && p.contains("Trying the key alone")),
                interaction.progress().toString());
        awaitPlainLogin(SshKeys.publicKey(key));
    }

    @Test
    void aCertificateTheServerRefusesIsFollowedByThePlainKey() throws Exception {
        // signed by a CA the server does not trust: nothing Holdfast can see in advance, the server says no
        Path strangerCa = SshKeys.generate(dir, "stranger-ca", "ed25519", "");
        Path key = SshKeys.generate(dir, "id_untrusted_ca", "ed25519", "");
        run("ssh-keygen", "-q", "-s", strangerCa.toString(), "-I", "stranger", "-n", server.user(), "-V", "+1h",
                SshKeys.publicKey(key).toString());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, refused(spec(key), new ScriptedInteraction()).kind(),
                "neither the certificate nor the plain key is accepted yet");
        server.authorize(SshKeys.publicKey(key));
        logIn(spec(key), new ScriptedInteraction());
        awaitPlainLogin(SshKeys.publicKey(key));
    }

    /** Waits for sshd's line saying this key logged in as itself, without a certificate. */
    private static void awaitPlainLogin(Path publicKey) throws Exception {
        server.awaitLog(Pattern.compile("Accepted publickey for " + Pattern.quote(server.user()) + " .*ssh2: ED25519 "
                + Pattern.quote(OpenSshServer.fingerprint(publicKey)) + "$"), LOG_WAIT);
    }

    @Test
    void aCertificateOfAnotherKeyOrAnUnreadableOneIsNotPresentedNamingTheFile() throws Exception {
        Path key = certified("id_mismatch", "ed25519", server.user(), "+1h");
        Path otherKey = certified("id_mismatch_other", "ed25519", server.user(), "+1h");
        ConnectFailure failure = refused(spec(key, certificateOf(otherKey)), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind(), "the plain key is not authorized");
        assertPlain(failure, certificateOf(otherKey));
        assertTrue(failure.getMessage().contains("is not a certificate of the key"), failure.getMessage());

        Path garbage = dir.resolve("garbage-cert.pub");
        String real = Files.readString(certificateOf(key));
        Files.writeString(garbage, real.substring(0, real.length() / 2));
        failure = refused(spec(key, garbage), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.AUTH_FAILED, failure.kind());
        assertPlain(failure, garbage);

        Path plain = SshKeys.publicKey(key);
        failure = refused(spec(key, plain), new ScriptedInteraction());
        assertPlain(failure, plain);
        assertTrue(failure.getMessage().contains("not a certificate"), failure.getMessage());

        Path missing = dir.resolve("no-such-cert.pub");
        failure = refused(spec(key, missing), new ScriptedInteraction());
        assertPlain(failure, missing);
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());

        // the same broken setting does not stand in the way of a key the server accepts
        server.authorize(SshKeys.publicKey(key));
        ScriptedInteraction interaction = new ScriptedInteraction();
        logIn(spec(key, missing), interaction);
        assertTrue(interaction.progress().stream().anyMatch(p -> p.contains(missing.toString())),
                interaction.progress().toString());
    }

    // ---- Encrypted OpenSSH keys

    static Stream<String> encryptedOpenSshCases() {
        return Stream.of("ed25519", "ecdsa 256", "ecdsa 384", "ecdsa 521", "rsa 3072", "rsa 2048 PEM");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptedOpenSshCases")
    void anEncryptedOpenSshKeyLogsInAfterThePassphrase(String which) throws Exception {
        String[] parts = SPACE.split(which, -1);
        Path key = dir.resolve("enc_" + which.replace(' ', '_'));
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", parts[0], "-N", PASSPHRASE,
                "-C", key.getFileName().toString(), "-f", key.toString()));
        if (parts.length > 1) {
            command.addAll(List.of("-b", parts[1]));
        }
        if (parts.length > 2) {
            command.addAll(List.of("-m", parts[2]));
        }
        run(command.toArray(String[]::new));
        String header = Files.readString(key).lines().findFirst().orElseThrow();
        assertEquals(parts.length > 2 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN OPENSSH PRIVATE KEY-----",
                header);
        server.authorize(SshKeys.publicKey(key));
        ScriptedInteraction interaction = new ScriptedInteraction().secret("not it", false).secret(PASSPHRASE, false);
        logIn(spec(key), interaction);
        assertEquals(List.of("passphrase " + key.getFileName() + " 1", "passphrase " + key.getFileName() + " 2"),
                interaction.questions());
    }

    @Test
    void aPublicKeyChosenAsTheKeyFileIsToldApart() throws Exception {
        Path key = SshKeys.generate(dir, "id_chosen_pub", "ed25519", "");
        ConnectFailure failure = refused(spec(SshKeys.publicKey(key)), new ScriptedInteraction());
        assertEquals(ConnectFailure.Kind.KEY_FILE, failure.kind());
        assertPlain(failure, SshKeys.publicKey(key));
        assertTrue(failure.getMessage().contains("is a public key"), failure.getMessage());
    }

    /** Whether MINA SSHD (a test server in this JVM) has been loaded, which registers BouncyCastle itself. */
    private static boolean mina() {
        try {
            Class.forName("org.apache.sshd.common.util.security.SecurityUtils", false, KeyFilesIT.class.getClassLoader());
            return org.apache.sshd.common.util.security.SecurityUtils.isBouncyCastleRegistered();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
