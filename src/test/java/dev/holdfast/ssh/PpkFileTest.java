package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The structure checks on PuTTY key files. The files puttygen makes are read in KeyFilesIT; these are the
 * variants puttygen does not make: old and future versions, unknown encryption or key derivation, broken
 * lines. The unencrypted example below is a version 2 file puttygen 0.78 made (an ECDSA nistp256 test key).
 */
class PpkFileTest {
    private static final String V2_PLAIN = """
            PuTTY-User-Key-File-2: ecdsa-sha2-nistp256
            Encryption: none
            Comment: ecdsa-key-20261202
            Public-Lines: 3
            AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA67YCAs5UvA
            ricev5FgdxFnwUdM+RlLjqyJb/XOyK1VmcUZCq5iTdHMKrtJw7iCKzp996J5qy7I
            QNICaEBus7c=
            Private-Lines: 1
            AAAAICRQwgDHffGtRS5RuD++jKXR5vQKDYIojHYonPMadVC2
            Private-MAC: bcab97aa24da4dafd5d4ff309f0eccdabc0a7ada
            """;

    private static String reason(String text) {
        return assertThrows(KeyFileReader.Unreadable.class, () -> PpkFile.check(text)).getMessage();
    }

    @Test
    void anIntactFileIsReadWithItsVersionAndAlgorithm() throws Exception {
        PpkFile file = PpkFile.check(V2_PLAIN);
        assertEquals(2, file.version());
        assertEquals("ecdsa-sha2-nistp256", file.algorithm());
        assertFalse(file.encrypted());
        assertEquals(2, PpkFile.check(V2_PLAIN.replace("\n", "\r\n")).version(), "Windows line ends");
    }

    @Test
    void versionOneAndUnknownVersionsAreNamed() {
        assertTrue(reason(V2_PLAIN.replace("File-2:", "File-1:")).contains("version 1 (PuTTY before 0.52)"));
        assertTrue(reason(V2_PLAIN.replace("File-2:", "File-4:")).contains("version 4, which is newer"));
        assertTrue(reason(V2_PLAIN.replace("File-2:", "File-x:")).contains("not a PuTTY key file header"));
    }

    @Test
    void aChangedCommentOrKeyBreaksTheMac() {
        assertTrue(reason(V2_PLAIN.replace("Comment: ecdsa-key", "Comment: edited-key"))
                .contains("checksum (Private-MAC) does not match"));
        assertTrue(reason(V2_PLAIN.replace("Private-MAC: bcab", "Private-MAC: bcac"))
                .contains("checksum (Private-MAC) does not match"));
        assertTrue(reason(V2_PLAIN.replace("Private-MAC: bcab", "Private-MAC: zz")).contains("Private-MAC line"));
    }

    @Test
    void missingLinesAndBadBase64AreDamage() {
        assertTrue(reason(V2_PLAIN.replace("Public-Lines: 3", "Public-Lines: 30")).contains("damaged"));
        assertTrue(reason(V2_PLAIN.replace("QNICaEBus7c=", "QNICa!Bus7c=")).contains("not valid base64"));
        assertTrue(reason(V2_PLAIN.substring(0, V2_PLAIN.indexOf("Private-MAC"))).contains("cut short"));
        assertTrue(reason(V2_PLAIN.replace("Comment: ", "Kommentar: ")).contains("\"Comment:\" line was expected"));
    }

    @Test
    void unknownEncryptionOrKeyDerivationIsNamed() {
        assertTrue(reason(V2_PLAIN.replace("Encryption: none", "Encryption: aes128-ctr")).contains("aes128-ctr"));
        String v3 = V2_PLAIN.replace("File-2:", "File-3:").replace("Encryption: none", "Encryption: aes256-cbc")
                .replace("Private-Lines: 1", "Key-Derivation: scrypt\nArgon2-Memory: 8192\nArgon2-Passes: 8\n"
                        + "Argon2-Parallelism: 1\nArgon2-Salt: 00ff\nPrivate-Lines: 1");
        assertTrue(reason(v3).contains("key derivation \"scrypt\""));
    }
}
