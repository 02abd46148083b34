package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.session.AuthMethod;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostKeyTextsTest {
    private static final Path FILE = Path.of("home", "ann", ".ssh", "known_hosts");

    private HostKey presented;
    private HostKey recorded;

    @BeforeEach
    void makeKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        presented = HostKeyGate.toHostKey(generator.generateKeyPair().getPublic());
        recorded = HostKeyGate.toHostKey(generator.generateKeyPair().getPublic());
    }

    private static ConnectSpec spec(int port) {
        return new ConnectSpec("s", "db.example.org", port, "ann", AuthMethod.PASSWORD, Optional.empty(),
                Duration.ofSeconds(5), "xterm");
    }

    private HostKeyCheck changed() {
        return new HostKeyCheck(HostKeyCheck.Verdict.CHANGED, presented,
                Optional.of(new KnownHostsFile.Entry(FILE, 7, "db.example.org", recorded, false)), List.of());
    }

    private HostKeyCheck revoked() {
        return new HostKeyCheck(HostKeyCheck.Verdict.REVOKED, presented,
                Optional.of(new KnownHostsFile.Entry(FILE, 3, "db.example.org", presented, true)), List.of());
    }

    @Test
    void aChangedKeyIsAnnouncedInOpenSshWords() {
        assertEquals("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED", HostKeyTexts.headline(changed()));
        assertTrue(HostKeyTexts.explanation(changed()).contains("man-in-the-middle"));
        assertTrue(HostKeyTexts.explanation(changed()).endsWith("sent nothing, not even your user name."));
    }

    @Test
    void aChangedKeysFactsShowBothFingerprintsAndTheLine() {
        assertEquals("Presented now:   ECDSA " + presented.sha256Fingerprint() + "\n"
                + "On record:       ECDSA " + recorded.sha256Fingerprint() + "\n"
                + "Recorded in:     " + FILE + ", line 7", HostKeyTexts.facts(changed()));
    }

    @Test
    void theFixGivesTheSshKeygenCommandWithTheKnownHostsNameOfTheHost() {
        assertEquals("ssh-keygen -R \"db.example.org\" -f \"" + FILE + "\"",
                HostKeyTexts.removeCommand(changed(), spec(22)));
        assertEquals("ssh-keygen -R \"[db.example.org]:2222\" -f \"" + FILE + "\"",
                HostKeyTexts.removeCommand(changed(), spec(2222)));
        assertEquals("Check with the server's administrator. If the change is expected, remove line 7 from " + FILE
                + " (or run: ssh-keygen -R \"[db.example.org]:2222\" -f \"" + FILE + "\") and open the session again.",
                HostKeyTexts.fix(changed(), spec(2222)));
    }

    @Test
    void theFailureMessageOfAChangedKeyNamesBothKeysAndTheLine() {
        assertEquals("The ECDSA host key of db.example.org:22 has changed. It is now " + presented.sha256Fingerprint()
                + "; " + FILE + " line 7 holds " + recorded.sha256Fingerprint() + ". Someone could be intercepting the "
                + "connection, or the server was reinstalled. If you know why it changed, remove that line and connect "
                + "again.", HostKeyTexts.failureMessage(changed(), spec(22)));
    }

    @Test
    void aRevokedKeyHasItsOwnWordsAndNoWayAroundIt() {
        HostKeyCheck check = revoked();
        assertEquals("WARNING: THIS HOST KEY IS REVOKED", HostKeyTexts.headline(check));
        assertEquals("The key this server presented is marked @revoked. Holdfast will not connect with it.",
                HostKeyTexts.explanation(check));
        assertEquals("Presented now:   ECDSA " + presented.sha256Fingerprint() + "\n"
                + "Recorded in:     " + FILE + ", line 3", HostKeyTexts.facts(check));
        assertEquals("Ask the server's administrator for the current key.", HostKeyTexts.fix(check, spec(22)));
        assertFalse(HostKeyTexts.fix(check, spec(22)).contains("ssh-keygen"));
        assertEquals("The ECDSA key " + presented.sha256Fingerprint() + " of db.example.org:22 is marked @revoked in "
                + FILE + " line 3.", HostKeyTexts.failureMessage(check, spec(22)));
    }

    @Test
    void aCheckWithoutARecordedLineIsRefused() {
        HostKeyCheck unknown = new HostKeyCheck(HostKeyCheck.Verdict.UNKNOWN, presented, Optional.empty(), List.of());
        assertThrows(IllegalArgumentException.class, () -> HostKeyTexts.facts(unknown));
    }

    @Test
    void aPlainKeyHasNoCertificateNoteOrLine() {
        HostKeyCheck unknown = new HostKeyCheck(HostKeyCheck.Verdict.UNKNOWN, presented, Optional.empty(), List.of());
        assertEquals(Optional.empty(), HostKeyTexts.certificateNote(unknown));
        assertFalse(HostKeyTexts.facts(changed()).contains("Certificate:"), HostKeyTexts.facts(changed()));
    }
}
