package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdfast.testing.SshKeys;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSHJ as every connection gets it. Runs in the unit-test JVM, where no in-process server has loaded
 * BouncyCastle, so it sees what the app sees.
 */
class SshCryptoTest {
    @TempDir
    Path dir;

    @Test
    void bouncyCastleDoesNotServeAes() throws Exception {
        DefaultConfig config = SshCrypto.config();
        new SSHClient(config).close();
        assertNull(SecurityUtils.getSecurityProvider(), "SSHJ must not route its crypto through BouncyCastle");
        assertFalse(SecurityUtils.isBouncyCastleRegistered());
        assertNull(Security.getProvider("BC"), "BouncyCastle registered as a JCA provider");
        assertEquals("SunJCE", SecurityUtils.getCipher("AES/CTR/NoPadding").getProvider().getName());
        assertEquals("SunJCE", SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName());
    }

    @Test
    void legacyAlgorithmsAreGoneAndOpenSshDefaultsStay() {
        DefaultConfig config = SshCrypto.config();
        List<String> kex = SshCrypto.names(config.getKeyExchangeFactories());
        List<String> ciphers = SshCrypto.names(config.getCipherFactories());
        List<String> macs = SshCrypto.names(config.getMACFactories());
        List<String> keys = SshCrypto.names(config.getKeyAlgorithms());
        for (String name : kex) {
            assertFalse(name.endsWith("sha1") || name.contains("group1-") , "SHA-1 key exchange: " + name);
        }
        for (String name : ciphers) {
            assertFalse(name.contains("arcfour") || name.contains("3des") || name.contains("cbc")
                    || name.contains("blowfish"), "legacy cipher: " + name);
        }
        for (String name : macs) {
            assertFalse(name.contains("md5") || name.contains("ripemd") || name.contains("-96"), "legacy MAC: " + name);
        }
        assertFalse(keys.contains("ssh-dss"));
        assertFalse(keys.contains("ssh-rsa"), "RSA keys sign with SHA-2 only");
        assertFalse(keys.contains("ssh-rsa-cert-v01@openssh.com"), "RSA certificates sign with SHA-2 only");
        assertTrue(keys.indexOf("rsa-sha2-512-cert-v01@openssh.com") >= 0
                && keys.indexOf("rsa-sha2-512-cert-v01@openssh.com") < keys.indexOf("rsa-sha2-256-cert-v01@openssh.com")
                && keys.indexOf("rsa-sha2-256-cert-v01@openssh.com") < keys.indexOf("rsa-sha2-512"), keys.toString());
        assertTrue(kex.containsAll(List.of("curve25519-sha256", "ecdh-sha2-nistp256",
                "diffie-hellman-group16-sha512", "diffie-hellman-group14-sha256")), kex.toString());
        assertTrue(ciphers.containsAll(List.of("aes128-ctr", "aes256-ctr", "aes128-gcm@openssh.com",
                "aes256-gcm@openssh.com")), ciphers.toString());
        assertTrue(macs.containsAll(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-256")), macs.toString());
        assertTrue(keys.containsAll(List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512",
                "rsa-sha2-256")), keys.toString());
    }

    @Test
    void sshjsOwnHostCertificateCheckIsOffSoTheGateCanFallBackToThePlainKey() {
        // SSHJ's check throws during key exchange, before HostKeyGate sees the key (HostCertificateIT)
        assertFalse(SshCrypto.config().isVerifyHostKeyCertificates());
    }

    @Test
    void aesGcmComesBeforeAesCtr() {
        // AEAD first, as in OpenSSH (whose first choice, chacha20-poly1305, SSHJ has only through
        // BouncyCastle); the JDK's AES-GCM also costs SSHJ less CPU than AES-CTR with HMAC-SHA-256.
        assertEquals(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
                "aes256-ctr"), SshCrypto.names(SshCrypto.config().getCipherFactories()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void openSshKeyFilesLoadWithoutBouncyCastle(String type) throws Exception {
        Path key = SshKeys.generate(dir, "id_" + type, type, "secret words");
        try (SSHClient client = new SSHClient(SshCrypto.config())) {
            KeyProvider keys = client.loadKeys(key.toString(), "secret words".toCharArray());
            assertTrue(keys.getPrivate() != null && keys.getPublic() != null);
        }
        assertNull(Security.getProvider("BC"));
    }

    @Test
    void ecdsaHostKeysDecodeWithTheJdkProvider() throws Exception {
        SshCrypto.install();
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(384);
        java.security.PublicKey key = generator.generateKeyPair().getPublic();
        byte[] blob = new net.schmizz.sshj.common.Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        java.security.PublicKey read = new net.schmizz.sshj.common.Buffer.PlainBuffer(blob).readPublicKey();
        assertEquals(key, read);
        assertEquals("SunEC", java.security.KeyFactory.getInstance("EC").getProvider().getName());
    }
}
