package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host certificates made by the real {@code ssh-keygen -s}, read and checked without a server: what is read
 * from the blob, the CA signature, OpenSSH's validity rules, and how {@link KnownHosts} and the texts use them.
 */
class HostKeyCertificateTest {
    @TempDir
    Path dir;

    private Path hostPub;
    private HostKey host;
    private Path ca;
    private HostKey caKey;

    @BeforeEach
    void keys() throws Exception {
        hostPub = SshKeygen.pub(keygen("host", "ed25519"));
        host = read(hostPub);
        ca = keygen("ca", "ed25519");
        caKey = read(SshKeygen.pub(ca));
    }

    private Path keygen(String name, String type) throws Exception {
        Path key = dir.resolve(name);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString());
        return key;
    }

    private static HostKey read(Path pub) throws Exception {
        String[] fields = Files.readString(pub).strip().split("\\s+");
        return HostKey.fromBase64(fields[0], fields[1]);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** {@code ssh-keygen -s ca [-h] -I id -z serial [-n principals] -V validity host.pub}, read back. */
    private HostKey certify(Path signer, boolean hostCert, String principals, String validity) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-s", signer.toString(), "-I", "web-01",
                "-z", "42", "-V", validity));
        if (hostCert) {
            command.add("-h");
        }
        if (!principals.isEmpty()) {
            command.addAll(List.of("-n", principals));
        }
        command.add(hostPub.toString());
        run(command.toArray(String[]::new));
        return read(dir.resolve("host-cert.pub"));
    }

    private HostKey certify(String principals) throws Exception {
        return certify(ca, true, principals, "-5m:+1h");
    }

    private Path knownHosts(String... lines) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String line(String patterns, HostKey key) {
        return patterns + " " + key.type() + " " + key.base64();
    }

    private KnownHosts hosts(Path file) {
        return new KnownHosts(List.of(file), dir.resolve("app_known_hosts"));
    }

    private static final class SshKeygen {
        static Path pub(Path key) {
            return key.resolveSibling(key.getFileName() + ".pub");
        }
    }

    @Test
    void theBlobYieldsThePlainKeyTheCaAndWhatItVouchesFor() throws Exception {
        HostKey certificate = certify("web.example,10.0.0.5");
        HostKeyCertificate cert = HostKeyCertificate.parse(certificate);

        assertEquals("ssh-ed25519-cert-v01@openssh.com", certificate.type());
        assertEquals(host, cert.plainKey());
        assertEquals(caKey, cert.caKey());
        assertEquals(List.of("web.example", "10.0.0.5"), cert.principals());
        assertEquals("web-01", cert.keyId());
        assertEquals("42", cert.serial());
        assertTrue(cert.signatureValid());
        assertTrue(run("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host-cert.pub").toString())
                .contains(cert.plainKey().sha256Fingerprint()), "ssh-keygen -lf of the certificate shows the plain key");
    }

    @Test
    void aCertificateAlteredAfterSigningFailsItsSignatureAndIsRefusedEvenWithThePlainKeyPinned() throws Exception {
        HostKey certificate = certify("web.example");
        byte[] blob = certificate.blob();
        byte[] id = "web-01".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(blob, id);
        blob[at] = 'X'; // key ID "Xeb-01": still a well-formed certificate
        HostKey altered = new HostKey(certificate.type(), blob);
        assertFalse(HostKeyCertificate.parse(altered).signatureValid());

        HostKeyCheck check = hosts(knownHosts(line("web.example", host), "@cert-authority * " + caKey.type() + " "
                + caKey.base64())).check("web.example", 22, altered);

        assertEquals(HostKeyCheck.Verdict.INVALID_CERTIFICATE, check.verdict());
        assertEquals(host, check.presented());
        ConnectSpec spec = spec("web.example");
        assertTrue(HostKeyTexts.failureMessage(check, spec).contains("CA signature is not valid"),
                HostKeyTexts.failureMessage(check, spec));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static ConnectSpec spec(String host) {
        return new ConnectSpec("s", host, 22, "u", dev.holdfast.session.AuthMethod.PUBLIC_KEY, Optional.empty(),
                Duration.ofSeconds(5), "xterm");
    }

    @Test
    void openSshsValidityRulesForHostCertificates() throws Exception {
        Instant now = Instant.now();
        assertEquals(Optional.empty(), HostKeyCertificate.parse(certify("web.example")).problemFor("WEB.example", now),
                "the host name is compared lower-cased, as ssh lower-cases it");
        assertTrue(HostKeyCertificate.parse(certify("web.example")).problemFor("db.example", now).orElseThrow()
                .contains("not for db.example"));
        assertTrue(HostKeyCertificate.parse(certify("")).problemFor("web.example", now).orElseThrow()
                .contains("names no host"), "no principals: valid for no host, as in OpenSSH since CVE-2024-7594");
        assertTrue(HostKeyCertificate.parse(certify(ca, false, "web.example", "-5m:+1h"))
                .problemFor("web.example", now).orElseThrow().contains("not a host certificate"));
        assertTrue(HostKeyCertificate.parse(certify(ca, true, "web.example", "+1d:+2d"))
                .problemFor("web.example", now).orElseThrow().contains("not valid before"));
        HostKeyCertificate expired = HostKeyCertificate.parse(certify(ca, true, "web.example", "-2d:-1d"));
        assertTrue(expired.problemFor("web.example", now).orElseThrow().contains("expired"));
        assertEquals(Optional.empty(), expired.problemFor("web.example", now.minus(Duration.ofHours(36))));
        HostKeyCertificate forever = HostKeyCertificate.parse(certify(ca, true, "web.example", "always:forever"));
        assertEquals("forever", forever.validityText());
        assertEquals(Optional.empty(), forever.problemFor("web.example", now));
        assertTrue(HostKeyCertificate.parse(certify("*.example")).problemFor("web.example", now).isEmpty(),
                "a wildcard principal, as current OpenSSH matches host principals");
    }

    @Test
    void ecdsaAndRsaCasAreVerifiedToo() throws Exception {
        for (String type : List.of("ecdsa", "rsa")) {
            HostKeyCertificate cert = HostKeyCertificate.parse(certify(keygen("ca-" + type, type), true,
                    "web.example", "-5m:+1h"));
            assertTrue(cert.signatureValid(), type);
            assertEquals(Optional.empty(), cert.problemFor("web.example", Instant.now()), type);
        }
    }

    @Test
    void aCaLineVouchesOnlyWhileTheCertificateIsValidThenThePlainKeyDecides() throws Exception {
        HostKey certificate = certify(ca, true, "web.example", "20300101:20300201");
        Path file = knownHosts("@cert-authority *.example " + caKey.type() + " " + caKey.base64());
        Clock january = Clock.fixed(Instant.parse("2030-01-15T00:00:00Z"), ZoneOffset.UTC);
        Clock march = Clock.fixed(Instant.parse("2030-03-01T00:00:00Z"), ZoneOffset.UTC);

        HostKeyCheck valid = new KnownHosts(List.of(file), dir.resolve("app"), january).check("web.example", 22,
                certificate);
        assertEquals(HostKeyCheck.Verdict.KNOWN, valid.verdict());
        assertTrue(valid.certificate().orElseThrow().accepted());
        assertEquals(host, valid.presented());

        HostKeyCheck expired = new KnownHosts(List.of(file), dir.resolve("app"), march).check("web.example", 22,
                certificate);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, expired.verdict());
        assertEquals(host, expired.presented(), "asked about the plain key");
        assertTrue(HostKeyTexts.certificateNote(expired).orElseThrow().contains("not accepted: it expired"));

        Files.writeString(file, line("web.example", host) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(HostKeyCheck.Verdict.KNOWN, new KnownHosts(List.of(file), dir.resolve("app"), march)
                .check("web.example", 22, certificate).verdict(), "the pinned plain key");
    }

    @Test
    void aCaLineForTheBareHostNameServesOtherPortsAsInOpenSsh() throws Exception {
        HostKey certificate = certify("web.example");
        String ca = caKey.type() + " " + caKey.base64();
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts(knownHosts("@cert-authority *.example " + ca))
                .check("web.example", 2222, certificate).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts(knownHosts("@cert-authority *,![web.example]:2222 " + ca))
                .check("web.example", 2222, certificate).verdict(), "excluded with the port, matched without");
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts(knownHosts("@cert-authority [web.example]:2222 " + ca))
                .check("web.example", 22, certificate).verdict(), "a line for a port is not for port 22");
    }

    @Test
    void aCertificateOfADifferentKeyThanThePinnedOneIsAChangedKeyWhenNoCaVouches() throws Exception {
        HostKey certificate = certify("web.example");
        HostKey other = read(SshKeygen.pub(keygen("other", "ed25519")));
        HostKeyCheck check = hosts(knownHosts(line("web.example", other))).check("web.example", 22, certificate);

        assertEquals(HostKeyCheck.Verdict.CHANGED, check.verdict());
        assertTrue(HostKeyTexts.facts(check).contains("Presented now:   ED25519 " + host.sha256Fingerprint()));
        assertTrue(HostKeyTexts.facts(check).contains("Certificate:     signed by CA ED25519 "
                + caKey.sha256Fingerprint()), HostKeyTexts.facts(check));
    }

    @Test
    void revokedCaOrRevokedKeyRefusesTheCertificate() throws Exception {
        HostKey certificate = certify("web.example");
        String caLine = "@cert-authority * " + caKey.type() + " " + caKey.base64();

        HostKeyCheck caRevoked = hosts(knownHosts(caLine, "@revoked * " + caKey.type() + " " + caKey.base64(),
                line("web.example", host))).check("web.example", 22, certificate);
        assertEquals(HostKeyCheck.Verdict.REVOKED, caRevoked.verdict());
        assertTrue(HostKeyTexts.failureMessage(caRevoked, spec("web.example")).contains("signed by the CA key"));
        assertTrue(HostKeyTexts.explanation(caRevoked).contains("certificate authority"));

        HostKeyCheck keyRevoked = hosts(knownHosts(caLine, "@revoked * " + host.type() + " " + host.base64()))
                .check("web.example", 22, certificate);
        assertEquals(HostKeyCheck.Verdict.REVOKED, keyRevoked.verdict());
    }

    @Test
    void savingACertifiedHostSavesThePlainKeyAndAnOldSavedCertificateStandsForItsKey() throws Exception {
        HostKey certificate = certify("web.example");
        KnownHosts hosts = hosts(knownHosts());
        HostKeyCheck unknown = hosts.check("web.example", 2222, certificate);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, unknown.verdict());
        hosts.accept("web.example", 2222, unknown.presented());
        assertEquals("[web.example]:2222 " + host.type() + " " + host.base64() + "\n",
                Files.readString(hosts.appFile()));

        // a line an earlier Holdfast wrote: the certificate itself
        Path old = knownHosts(line("web.example", certificate));
        HostKey renewed = certify(ca, true, "web.example", "-1m:+3h");
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts(old).check("web.example", 22, renewed).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts(old).check("web.example", 22, host).verdict());
    }

    @Test
    void hostKeyAlgorithmsArePreferredAsOpenSshOrdersThem() throws Exception {
        KnownHosts withCa = hosts(knownHosts("@cert-authority *.example " + caKey.type() + " " + caKey.base64()));
        HostKeyGate gate = new HostKeyGate(withCa, spec("web.example"), null);
        assertEquals(HostKeyGate.CERTIFICATE_ALGORITHMS, gate.findExistingAlgorithms("web.example", 22));

        KnownHosts pinned = hosts(knownHosts(line("web.example", host)));
        assertEquals(List.of("ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519"),
                new HostKeyGate(pinned, spec("web.example"), null).findExistingAlgorithms("web.example", 22));
    }

    @Test
    void aMalformedCertificateIsRefused() {
        HostKey junk = new HostKey("ssh-ed25519-cert-v01@openssh.com", new byte[] {0, 0, 0, 1, 'x'});
        assertThrows(IllegalArgumentException.class, () -> HostKeyCertificate.parse(junk));
        assertEquals(HostKeyCheck.Verdict.INVALID_CERTIFICATE,
                new KnownHosts(List.of(), dir.resolve("app")).check("h", 22, junk).verdict());
        assertTrue(HostKeyTexts.failureMessage(new KnownHosts(List.of(), dir.resolve("app")).check("h", 22, junk),
                spec("h")).contains("cannot be read"));
    }

    @Test
    void aRefusedCertificateIsExplainedAsAnInvalidCertificateNotAsAChangedKey() {
        HostKey junk = new HostKey("ssh-ed25519-cert-v01@openssh.com", new byte[] {0, 0, 0, 1, 'x'});
        HostKeyCheck check = new KnownHosts(List.of(), dir.resolve("app")).check("h", 22, junk);
        ConnectFailure failure = FailureExplainer.explain(new java.io.IOException("host key not verified"), spec("h"),
                new FailureExplainer.Circumstances(false, false, java.util.Optional.of(check), false));
        assertEquals(ConnectFailure.Kind.HOST_CERTIFICATE_INVALID, failure.kind());
        assertTrue(failure.kind().needsPerson(), "an automatic reconnect never retries it");
    }
}
