package dev.holdfast.ssh;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureECDSA;
import net.schmizz.sshj.signature.SignatureRSA;

/**
 * An OpenSSH host certificate ({@code *-cert-v01@openssh.com}, PROTOCOL.certkeys), read from its wire blob:
 * the certified plain key, the CA key that signed it, and what the CA vouched for. The checks follow OpenSSH's
 * client ({@code sshkey_cert_check_host}): a host certificate, now within its validity window, with a
 * principal equal to the host name, no critical options, signed with an algorithm of OpenSSH's default
 * {@code CASignatureAlgorithms}. Like OpenSSH since December 2025 (CVE-2024-7594), a certificate without
 * principals is valid for no host; OpenSSH 9.2 still took it for any host. Immutable; any thread.
 */
public final class HostKeyCertificate {
    /** {@code SSH2_CERT_TYPE_HOST}. */
    static final long HOST_TYPE = 2;
    private static final String SUFFIX = "-cert-v01@openssh.com";
    /** The number of length-prefixed fields of each plain key type inside a certificate. */
    private static final Map<String, Integer> KEY_FIELDS = Map.of("ssh-ed25519", 1, "ecdsa-sha2-nistp256", 2,
            "ecdsa-sha2-nistp384", 2, "ecdsa-sha2-nistp521", 2, "ssh-rsa", 2, "ssh-dss", 4,
            "sk-ssh-ed25519@openssh.com", 2, "sk-ecdsa-sha2-nistp256@openssh.com", 3);
    /** OpenSSH's default CASignatureAlgorithms that SSHJ can verify (no SHA-1 RSA, no DSA, no security keys). */
    private static final Map<String, Factory.Named<Signature>> CA_SIGNATURES = Map.of(
            "ssh-ed25519", new SignatureEdDSA.Factory(),
            "ecdsa-sha2-nistp256", new SignatureECDSA.Factory256(),
            "ecdsa-sha2-nistp384", new SignatureECDSA.Factory384(),
            "ecdsa-sha2-nistp521", new SignatureECDSA.Factory521(),
            "rsa-sha2-512", new SignatureRSA.FactoryRSASHA512(),
            "rsa-sha2-256", new SignatureRSA.FactoryRSASHA256());

    private final HostKey certificate;
    private final HostKey plainKey;
    private final long serial;
    private final long type;
    private final String keyId;
    private final List<String> principals;
    private final long validAfter;
    private final long validBefore;
    private final int criticalOptionsLength;
    private final HostKey caKey;
    private final String signatureAlgorithm;
    private final byte[] signature;
    private final int signedLength;

    private HostKeyCertificate(HostKey certificate, Reader in) {
        this.certificate = certificate;
        String certType = in.string();
        if (!certType.equals(certificate.type()) || !isCertificateType(certType)) {
            throw new IllegalArgumentException("not a certificate: " + certType);
        }
        String plainType = certType.substring(0, certType.length() - SUFFIX.length());
        Integer fields = KEY_FIELDS.get(plainType);
        if (fields == null) {
            throw new IllegalArgumentException("unknown certificate key type " + certType);
        }
        in.bytes(); // nonce
        Writer plain = new Writer().string(HostKey.utf8(plainType));
        for (int i = 0; i < fields; i++) {
            plain.string(in.bytes());
        }
        plainKey = new HostKey(plainType, plain.toByteArray());
        serial = in.uint64();
        type = in.uint32();
        keyId = in.string();
        List<String> names = new ArrayList<>();
        Reader packed = new Reader(in.bytes());
        while (packed.available() > 0) {
            names.add(packed.string());
        }
        principals = List.copyOf(names);
        validAfter = in.uint64();
        validBefore = in.uint64();
        criticalOptionsLength = in.bytes().length;
        in.bytes(); // extensions: none concern a client
        in.bytes(); // reserved
        byte[] ca = in.bytes();
        String caType = new Reader(ca).string();
        if (isCertificateType(caType)) {
            throw new IllegalArgumentException("a certificate signed by a certificate");
        }
        caKey = new HostKey(caType, ca);
        signedLength = in.position();
        signature = in.bytes();
        signatureAlgorithm = new Reader(signature).string();
        if (in.available() != 0) {
            throw new IllegalArgumentException("bytes after the certificate's signature");
        }
    }

    /** Whether an SSH key type name is a certificate type. */
    public static boolean isCertificateType(String keyType) {
        return keyType.endsWith(SUFFIX);
    }

    /**
     * Reads a certificate.
     *
     * @throws IllegalArgumentException the key is not a certificate, or its blob is malformed
     */
    public static HostKeyCertificate parse(HostKey certificate) {
        try {
            return new HostKeyCertificate(certificate, new Reader(certificate.blob()));
        } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
            throw new IllegalArgumentException("malformed certificate", e);
        }
    }

    /** The certificate as the server sent it. */
    public HostKey certificate() {
        return certificate;
    }

    /** The server's own key inside the certificate: what {@code ssh-keygen -lf} of the host key shows. */
    public HostKey plainKey() {
        return plainKey;
    }

    /** The key of the certificate authority that signed it. */
    public HostKey caKey() {
        return caKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The serial number, unsigned. */
    public String serial() {
        return Long.toUnsignedString(serial);
    }

    public List<String> principals() {
        return principals;
    }

    /** The end of the validity window, or empty for a certificate valid forever. */
    public Optional<Instant> validBefore() {
        return validBefore == -1 || Long.compareUnsigned(validBefore, Instant.MAX.getEpochSecond()) > 0
                ? Optional.empty() : Optional.of(Instant.ofEpochSecond(validBefore));
    }

    /** The validity window in words, for the UI: "until 2027-01-01T00:00:00Z" or "forever". */
    public String validityText() {
        String until = validBefore().map(i -> "until " + i).orElse("forever");
        return validAfter == 0 ? until : "from " + time(validAfter) + " " + until;
    }

    /** An unsigned epoch second in words; past what {@link Instant} holds, a certificate's "forever". */
    private static String time(long epochSecond) {
        return Long.compareUnsigned(epochSecond, Instant.MAX.getEpochSecond()) > 0 ? "the end of time"
                : Instant.ofEpochSecond(epochSecond).toString();
    }

    /**
     * Whether the CA's signature over the certificate is valid. OpenSSH checks it while reading the key
     * and drops the connection if it is not, whatever known_hosts says.
     */
    public boolean signatureValid() {
        Factory.Named<Signature> factory = CA_SIGNATURES.get(signatureAlgorithm);
        if (factory == null) {
            // ssh-rsa (SHA-1) and others OpenSSH no longer accepts from a CA: checked by problemFor instead
            return false;
        }
        SshCrypto.install(); // before SSHJ's SecurityUtils first looks for a provider
        try {
            PublicKey ca = new Buffer.PlainBuffer(caKey.blob()).readPublicKey();
            Signature verifier = factory.create();
            verifier.initVerify(ca);
            verifier.update(certificate.blob(), 0, signedLength);
            return verifier.verify(signature);
        } catch (Buffer.BufferException | RuntimeException e) {
            return false; // a CA key SSHJ cannot read, or a signature that does not fit it
        }
    }

    /** Whether OpenSSH would accept the signature algorithm from a CA (its default CASignatureAlgorithms). */
    boolean signatureAlgorithmAllowed() {
        return CA_SIGNATURES.containsKey(signatureAlgorithm);
    }

    /**
     * Why the certificate does not vouch for {@code hostName} at {@code now}, in OpenSSH's order of checks,
     * or empty if it does. The signature is checked separately ({@link #signatureValid()}).
     *
     * @param hostName the name the person connects to, as typed (compared lower-cased, as ssh does)
     */
    public Optional<String> problemFor(String hostName, Instant now) {
        if (type != HOST_TYPE) {
            return Optional.of("it is not a host certificate");
        }
        long seconds = now.getEpochSecond();
        if (Long.compareUnsigned(seconds, validAfter) < 0) {
            return Optional.of("it is not valid before " + time(validAfter));
        }
        if (Long.compareUnsigned(seconds, validBefore) >= 0) {
            return Optional.of("it expired at " + time(validBefore));
        }
        if (principals.isEmpty()) {
            return Optional.of("it names no host (an empty principals list)");
        }
        String name = hostName.toLowerCase(Locale.ROOT);
        if (principals.stream().noneMatch(p -> KnownHostsFile.wildcardMatch(p, name))) {
            return Optional.of("it is for " + String.join(", ", principals) + ", not for " + name);
        }
        if (criticalOptionsLength != 0) {
            return Optional.of("it carries critical options, which no host certificate may");
        }
        if (!signatureAlgorithmAllowed()) {
            return Optional.of("its CA signed it with " + signatureAlgorithm + ", which is not accepted");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return certificate.type() + " of " + plainKey.sha256Fingerprint() + " ID \"" + keyId + "\" serial " + serial()
                + " CA " + caKey.sha256Fingerprint();
    }

    /** SSH wire format reading: uint32, uint64 and length-prefixed strings, all big-endian. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] data) {
            buffer = ByteBuffer.wrap(data);
        }

        long uint32() {
            return Integer.toUnsignedLong(buffer.getInt());
        }

        long uint64() {
            return buffer.getLong();
        }

        byte[] bytes() {
            long length = uint32();
            if (length > buffer.remaining()) {
                throw new IndexOutOfBoundsException("a field runs past the end");
            }
            byte[] out = new byte[(int) length];
            buffer.get(out);
            return out;
        }

        String string() {
            byte[] raw = bytes();
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("a name that is not UTF-8", e);
            }
        }

        int position() {
            return buffer.position();
        }

        int available() {
            return buffer.remaining();
        }
    }

    /** Builds a length-prefixed blob. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer string(byte[] data) {
            out.write(data.length >>> 24);
            out.write(data.length >>> 16);
            out.write(data.length >>> 8);
            out.write(data.length);
            out.writeBytes(data);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static boolean sameKey(HostKey a, HostKey b) {
        return Arrays.equals(a.blob(), b.blob());
    }
}
