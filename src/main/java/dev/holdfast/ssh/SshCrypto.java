package dev.holdfast.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureRSA;

/**
 * How SSHJ is set up for every connection.
 *
 * <p>The JDK's own crypto provider does the work instead of BouncyCastle: with BouncyCastle registered,
 * SSHJ lets it serve AES, which is 4-8x slower. {@link #install()} must run before the first SSHJ class
 * touches the provider. The JDK names its elliptic-curve key factory "EC" where SSHJ asks for "ECDSA";
 * {@link EcdsaKeyFactory} answers to that name.
 *
 * <p>The algorithm lists keep what OpenSSH 9 offers by default and drop arcfour, 3DES and other legacy
 * ciphers, SHA-1 key exchanges, MD5/RIPEMD MACs, ssh-dss and SHA-1 RSA signatures, in OpenSSH's order of
 * preference (the server takes the client's first match), with one exception: the ciphers. OpenSSH's first
 * choice is an AEAD cipher, chacha20-poly1305, which SSHJ only has through BouncyCastle, so it is not
 * offered; the AEAD ciphers offered instead, AES-GCM, come first, ahead of AES-CTR with a separate MAC
 * (OpenSSH's second choice). With the JDK's AES-GCM, SSHJ spends about a quarter less CPU per byte than
 * with AES-CTR and HMAC-SHA-256 (SshThroughputBenchmark, on a CPU with AES-NI: medians of 0.30 s instead of
 * 0.43 s per 256 MiB downloaded, 0.31 s instead of 0.41 s uploaded), and GCM was never open to the Terrapin
 * prefix truncation, strict key exchange or not. Strict key exchange
 * (the Terrapin fix) is proposed by SSHJ itself whenever it connects and needs nothing here.
 */
public final class SshCrypto {
    static final List<String> KEY_EXCHANGES = List.of("curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
            "ext-info-c");
    static final List<String> CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "aes128-ctr", "aes192-ctr", "aes256-ctr");
    static final List<String> MACS = List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "hmac-sha1-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1");
    static final Set<String> REFUSED_KEY_ALGORITHMS = Set.of("ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-rsa",
            "ssh-rsa-cert-v01@openssh.com");

    private static boolean installed;

    private SshCrypto() {
    }

    /** Keeps SSHJ off BouncyCastle. Idempotent; call before any connection is made. */
    public static synchronized void install() {
        if (!installed) {
            SecurityUtils.setRegisterBouncyCastle(false);
            if (java.security.Security.getProvider("BC") == null) {
                java.security.Security.addProvider(EcdsaKeyFactory.provider());
            }
            installed = true;
        }
    }

    /** A fresh SSHJ configuration with the trimmed algorithm lists. */
    public static DefaultConfig config() {
        install();
        DefaultConfig config = new DefaultConfig();
        config.setKeyExchangeFactories(keep(config.getKeyExchangeFactories(), KEY_EXCHANGES));
        config.setCipherFactories(keep(config.getCipherFactories(), CIPHERS));
        config.setMACFactories(keep(config.getMACFactories(), MACS));
        List<Factory.Named<KeyAlgorithm>> keys = new java.util.ArrayList<>(config.getKeyAlgorithms().stream()
                .filter(f -> !REFUSED_KEY_ALGORITHMS.contains(f.getName())).toList());
        // SSHJ's only RSA certificate algorithm signs with SHA-1 (refused above, as OpenSSH 8.8+ does); these
        // two present an RSA user certificate with SHA-2 signatures, ahead of the plain RSA ones
        int rsa = Math.max(0, keys.stream().map(Factory.Named::getName).toList().indexOf("rsa-sha2-512"));
        keys.addAll(rsa, List.of(rsaCertificate("rsa-sha2-512", "SHA512withRSA"),
                rsaCertificate("rsa-sha2-256", "SHA256withRSA")));
        config.setKeyAlgorithms(List.copyOf(keys));
        // SSHJ's own host certificate check throws before the HostKeyVerifier runs (no fallback to the plain
        // key), takes a certificate without principals for any host and wildcards in principals as patterns
        // against the name it connected to. HostKeyGate checks certificates the way OpenSSH does instead.
        config.setVerifyHostKeyCertificates(false);
        return config;
    }

    /**
     * {@code rsa-sha2-512-cert-v01@openssh.com} or {@code rsa-sha2-256-cert-v01@openssh.com}: an
     * {@code ssh-rsa-cert-v01@openssh.com} certificate, signatures named {@code signatureName}.
     */
    private static Factory.Named<KeyAlgorithm> rsaCertificate(String signatureName, String jcaAlgorithm) {
        Factory.Named<Signature> signature = new Factory.Named<>() {
            @Override
            public Signature create() {
                return new SignatureRSA(jcaAlgorithm, KeyType.RSA_CERT, signatureName);
            }

            @Override
            public String getName() {
                return signatureName;
            }
        };
        return new KeyAlgorithms.Factory(signatureName + "-cert-v01@openssh.com", signature, KeyType.RSA_CERT);
    }

    /** The factories named in {@code names}, in that order (OpenSSH's preference), leaving out the rest. */
    private static <T> List<Factory.Named<T>> keep(List<Factory.Named<T>> factories, List<String> names) {
        return factories.stream().filter(f -> names.contains(f.getName()))
                .sorted(java.util.Comparator.comparingInt(f -> names.indexOf(f.getName()))).toList();
    }

    /** For tests and the event log: the names in force. */
    static List<String> names(List<? extends Factory.Named<?>> factories) {
        return factories.stream().map(Factory.Named::getName).toList();
    }
}
