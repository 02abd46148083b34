package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    Path dir;

    private HostKey ed25519;
    private HostKey otherEd25519;
    private HostKey rsa;

    /** Real keys made by OpenSSH's ssh-keygen, so the parsing is checked against the real format. */
    @BeforeEach
    void makeKeys() throws Exception {
        ed25519 = keygen("ed25519", "a");
        otherEd25519 = keygen("ed25519", "b");
        rsa = keygen("rsa", "c");
    }

    private HostKey keygen(String type, String name) throws Exception {
        Path key = dir.resolve("key-" + name);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", key.toString());
        String[] pub = Files.readString(dir.resolve("key-" + name + ".pub")).strip().split(" ");
        return HostKey.fromBase64(pub[0], pub[1]);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private Path knownHosts(String... lines) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String line(String hosts, HostKey key) {
        return hosts + " " + key.type() + " " + key.base64();
    }

    @Test
    void fingerprintsMatchOpenSsh() throws Exception {
        String out = run("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("key-a.pub").toString());
        assertTrue(out.contains(ed25519.sha256Fingerprint()), out + " vs " + ed25519.sha256Fingerprint());
        assertEquals("ED25519", ed25519.displayType());
        assertEquals("RSA", rsa.displayType());
    }

    @Test
    void plainEntriesWithPortsWildcardsAndNegation() throws Exception {
        Path file = knownHosts("# comment", "",
                line("web.example.com,10.0.0.1", ed25519),
                line("[db.example.com]:2222", ed25519),
                line("*.lab,!secret.lab", rsa),
                "garbage line",
                "@cert-authority *.example.com ssh-ed25519 AAAA");
        KnownHosts hosts = new KnownHosts(List.of(), file);
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("web.example.com", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("WEB.example.com", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("10.0.0.1", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts.check("web.example.com", 2222, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("db.example.com", 2222, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts.check("db.example.com", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("pi.lab", 22, rsa).verdict());
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts.check("secret.lab", 22, rsa).verdict());
    }

    @Test
    void hashedEntriesMadeBySshKeygenAreFound() throws Exception {
        Path file = knownHosts(line("web.example.com", ed25519), line("[db.example.com]:2222", rsa));
        run("ssh-keygen", "-H", "-f", file.toString());
        String hashed = Files.readString(file);
        assertFalse(hashed.contains("example.com"), hashed);
        KnownHosts hosts = new KnownHosts(List.of(file), dir.resolve("app_known_hosts"));
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("web.example.com", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("db.example.com", 2222, rsa).verdict());
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts.check("other.example.com", 22, ed25519).verdict());
    }

    @Test
    void aDifferentKeyOfTheSameKindIsAChangedKeyWithTheOldLine() throws Exception {
        Path file = knownHosts("# header", line("web.example.com", ed25519));
        HostKeyCheck check = new KnownHosts(List.of(file), dir.resolve("app")).check("web.example.com", 22,
                otherEd25519);
        assertEquals(HostKeyCheck.Verdict.CHANGED, check.verdict());
        KnownHostsFile.Entry old = check.conflicting().orElseThrow();
        assertEquals(file, old.file());
        assertEquals(2, old.line());
        assertEquals(ed25519.sha256Fingerprint(), old.key().sha256Fingerprint());
    }

    @Test
    void aKeyOfAnotherKindIsUnknownButSaysWhatIsKnown() throws Exception {
        Path file = knownHosts(line("web.example.com", rsa));
        HostKeyCheck check = new KnownHosts(List.of(file), dir.resolve("app")).check("web.example.com", 22, ed25519);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, check.verdict());
        assertEquals(List.of("RSA"), check.otherKnownTypes());
    }

    @Test
    void revokedKeysAreRefused() throws Exception {
        Path file = knownHosts("@revoked * " + ed25519.type() + " " + ed25519.base64(), line("web", ed25519));
        assertEquals(HostKeyCheck.Verdict.REVOKED,
                new KnownHosts(List.of(file), dir.resolve("app")).check("web", 22, ed25519).verdict());
    }

    @Test
    void acceptedKeysGoToTheAppFileOnlyAndAreKnownAfterwards() throws Exception {
        Path user = knownHosts(line("other", rsa));
        String before = Files.readString(user);
        Path app = dir.resolve("config").resolve("known_hosts");
        KnownHosts hosts = new KnownHosts(List.of(user), app);
        hosts.accept("web.example.com", 2222, ed25519);
        hosts.accept("::1", 22, rsa);
        assertEquals(before, Files.readString(user), "the user's OpenSSH file is never written");
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("web.example.com", 2222, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("::1", 22, rsa).verdict());
        assertTrue(Files.readString(app).startsWith("[web.example.com]:2222 ssh-ed25519 "));
        String verified = run("ssh-keygen", "-F", "[web.example.com]:2222", "-f", app.toString());
        assertTrue(verified.contains(ed25519.base64()), "OpenSSH reads what we wrote: " + verified);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aLatin1CommentCostsOnlyItsLineSoAChangedKeyIsStillSeen() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, concat(bytes("# r"), new byte[] {(byte) 0xe9}, bytes("seau\n"),
                bytes(line("web.example.com", ed25519) + "\n")));
        HostKeyCheck check = new KnownHosts(List.of(file), dir.resolve("app")).check("web.example.com", 22,
                otherEd25519);
        assertEquals(HostKeyCheck.Verdict.CHANGED, check.verdict());
        assertEquals(2, check.conflicting().orElseThrow().line());
    }

    @Test
    void nulGarbageAndUndecodableLinesAreSkippedCrLfIsStrippedAndLineNumbersStayTrue() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, concat(
                bytes("bad\0host " + ed25519.type() + " " + ed25519.base64() + "\n"),          // 1: NUL
                bytes("caf"), new byte[] {(byte) 0xe9, ' '}, bytes(ed25519.type() + " " + ed25519.base64() + "\n"), // 2
                new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'},                                  // 3: garbage
                bytes(line("web.example.com", ed25519) + "\r\n"),                              // 4: CRLF
                bytes(line("db.example.com", rsa))));                                           // 5: no final LF
        KnownHostsFile parsed = KnownHostsFile.load(file);
        assertEquals(List.of(4, 5), parsed.entries().stream().map(KnownHostsFile.Entry::line).toList());
        assertEquals(ed25519.base64(), parsed.entries().get(0).key().base64(), "the CR is not part of the key");
        KnownHosts hosts = new KnownHosts(List.of(file), dir.resolve("app"));
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("web.example.com", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("db.example.com", 22, rsa).verdict());
        assertEquals(5, hosts.check("db.example.com", 22, keygen("rsa", "d")).conflicting().orElseThrow().line());
    }

    @Test
    void aKnownHostsFileThatCannotBeReadFailsClosed() throws Exception {
        Path user = Files.createDirectory(dir.resolve("known_hosts")); // unreadable as a file, even for root
        Path app = dir.resolve("app_known_hosts");
        Files.writeString(app, line("known.example.com", ed25519) + "\n");
        KnownHosts hosts = new KnownHosts(List.of(user), app);

        HostKeyCheck unknown = hosts.check("new.example.com", 22, ed25519);
        assertEquals(HostKeyCheck.Verdict.UNVERIFIABLE, unknown.verdict(), "never offered as a new host");
        HostKeyCheck.Unreadable why = unknown.unreadable().orElseThrow();
        assertEquals(user, why.file());
        assertTrue(why.error().toLowerCase(java.util.Locale.ROOT).contains("directory"), why.error());
        assertEquals(HostKeyCheck.Verdict.CHANGED, hosts.check("known.example.com", 22, otherEd25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("known.example.com", 22, ed25519).verdict(),
                "a key a readable file holds is still known");
        assertEquals(List.of("ssh-ed25519"), hosts.knownKeyTypes("known.example.com", 22));
        ConnectSpec spec = new ConnectSpec("t", "new.example.com", 22, "me", dev.holdfast.session.AuthMethod.PASSWORD,
                java.util.Optional.empty(), java.time.Duration.ofSeconds(5), "xterm");
        String message = HostKeyTexts.unverifiableMessage(unknown, spec);
        assertTrue(message.contains(user.toString()) && message.contains(why.error()), message);
    }

    @Test
    void aMissingFileIsStillAnEmptyOne() throws Exception {
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "x");
        KnownHosts hosts = new KnownHosts(List.of(dir.resolve("absent"), aFile.resolve("known_hosts")),
                dir.resolve("app"));
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, hosts.check("web.example.com", 22, ed25519).verdict(),
                "a path under a regular file cannot exist: missing, not unreadable");
    }

    /**
     * Differential against OpenSSH: ssh lower-cases the host name it is given ({@code ssh -G LOCALHOST}
     * says {@code hostname localhost}) and looks that name up, so a hashed {@code localhost} line made by
     * {@code ssh-keygen -H} is found for {@code LOCALHOST}; Holdfast must find the same line. (ssh-keygen
     * -F itself does not lower-case its argument: it is given the name ssh would look up.)
     */
    @Test
    void hashedEntriesMatchWhateverTheCaseOfTheHostNameAsSshDoes() throws Exception {
        Path file = knownHosts(line("localhost", ed25519), line("[localhost]:2222", rsa), line("Mixed.Example", rsa));
        run("ssh-keygen", "-H", "-f", file.toString());
        assertFalse(Files.readString(file).contains("localhost"));
        KnownHosts hosts = new KnownHosts(List.of(file), dir.resolve("app"));

        String resolved = run("ssh", "-F", "/dev/null", "-G", "LOCALHOST");
        assertTrue(resolved.lines().anyMatch(l -> l.equals("hostname localhost")), resolved);
        String found = run("ssh-keygen", "-F", "localhost", "-f", file.toString());
        assertTrue(found.contains("found: line 1"), found);
        HostKeyCheck check = hosts.check("LOCALHOST", 22, otherEd25519);
        assertEquals(HostKeyCheck.Verdict.CHANGED, check.verdict(), "the hashed line is found, not asked as new");
        assertEquals(1, check.conflicting().orElseThrow().line());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("LOCALHOST", 22, ed25519).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("LocalHost", 2222, rsa).verdict());
        String foundPort = run("ssh-keygen", "-F", "[localhost]:2222", "-f", file.toString());
        assertTrue(foundPort.contains("found: line 2"), foundPort);
        String foundMixed = run("ssh-keygen", "-F", "mixed.example", "-f", file.toString());
        assertTrue(foundMixed.contains("found: line 3"), "ssh-keygen -H hashes the lower-cased name: " + foundMixed);
        assertEquals(HostKeyCheck.Verdict.KNOWN, hosts.check("MIXED.example", 22, rsa).verdict());
    }
}
