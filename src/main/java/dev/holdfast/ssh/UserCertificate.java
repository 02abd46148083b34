package dev.holdfast.ssh;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * An OpenSSH user certificate ({@code ssh-keygen -s}, PROTOCOL.certkeys) to present with a private key, as
 * OpenSSH's {@code CertificateFile} or the {@code <key>-cert.pub} it finds beside a key. It is presented in
 * place of the plain public key; the private key signs as before. The certificate blob is sent exactly as
 * read (checked by re-encoding it, since SSHJ rebuilds it from its parts). Before presenting, the checks the
 * server will make and Holdfast can make too are made here so that the person is told why, in plain words:
 * it is a user certificate of this very key, now within its validity window and, if it names principals,
 * for the user logging in. Immutable.
 */
final class UserCertificate {
    /** {@code SSH2_CERT_TYPE_USER}. */
    static final long USER_TYPE = 1;
    private static final String SUFFIX = "-cert-v01@openssh.com";
    private static final List<String> TYPES = List.of("ssh-ed25519" + SUFFIX, "ecdsa-sha2-nistp256" + SUFFIX,
            "ecdsa-sha2-nistp384" + SUFFIX, "ecdsa-sha2-nistp521" + SUFFIX, "ssh-rsa" + SUFFIX);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Path file;
    private final String type;
    private final Certificate<PublicKey> certificate;

    /** A certificate that cannot be used; the message completes "The certificate file X ". */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String reason) {
            super(reason);
        }
    }

    private UserCertificate(Path file, String type, Certificate<PublicKey> certificate) {
        this.file = file;
        this.type = type;
        this.certificate = certificate;
    }

    /**
     * The certificate file to present with a key: the session's certificate setting, or else
     * {@code <key file>-cert.pub} if that exists, as OpenSSH does.
     */
    static Optional<Path> fileFor(Optional<Path> setting, Path keyFile) {
        if (setting.isPresent()) {
            return setting;
        }
        Path beside = keyFile.resolveSibling(keyFile.getFileName() + "-cert.pub");
        return Files.exists(beside) ? Optional.of(beside) : Optional.empty();
    }

    /**
     * Reads a certificate file ({@code type base64 [comment]}, as ssh-keygen writes it).
     *
     * @throws IOException the file cannot be read
     * @throws Unusable it is not an OpenSSH certificate Holdfast can present
     */
    @SuppressWarnings("unchecked")
    static UserCertificate read(Path file) throws IOException, Unusable {
        if (!Files.exists(file)) {
            throw new Unusable("does not exist.");
        }
        if (!Files.isRegularFile(file) || Files.size(file) > 1 << 20) {
            throw new Unusable("is not an OpenSSH certificate file.");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
        String[] parts = WHITESPACE.split(text, -1);
        if (text.isEmpty() || parts.length < 2) {
            throw new Unusable("is not an OpenSSH certificate (one line: type, base64, comment).");
        }
        String type = parts[0];
        if (!type.endsWith(SUFFIX)) {
            throw new Unusable("holds a plain " + type + " key, not a certificate (ssh-keygen -s makes those).");
        }
        if (!TYPES.contains(type)) {
            throw new Unusable("is a " + type + " certificate, which Holdfast cannot present (it presents "
                    + "Ed25519, ECDSA and RSA certificates).");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new Unusable("is damaged: its key is not valid base64.");
        }
        PublicKey key;
        try {
            Buffer.PlainBuffer in = new Buffer.PlainBuffer(blob);
            key = in.readPublicKey();
            if (in.available() != 0) {
                throw new Unusable("is damaged: it has bytes after the certificate.");
            }
        } catch (Buffer.BufferException | RuntimeException e) {
            throw new Unusable("is damaged or cut short: its certificate cannot be read.");
        }
        if (!(key instanceof Certificate<?>) || !KeyType.fromKey(key).toString().equals(type)) {
            throw new Unusable("is damaged: its content is not the " + type + " certificate its first word says.");
        }
        byte[] again = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        if (!Arrays.equals(blob, again)) {
            throw new Unusable("holds a certificate Holdfast cannot send on unchanged (an unusual encoding).");
        }
        return new UserCertificate(file, type, (Certificate<PublicKey>) key);
    }

    Path file() {
        return file;
    }

    String type() {
        return type;
    }

    String keyId() {
        return certificate.getId();
    }

    String serial() {
        return certificate.getSerial().toString();
    }

    List<String> principals() {
        return certificate.getValidPrincipals();
    }

    /** Whether this is a certificate of {@code plain}, the public half of the private key. */
    boolean certifies(PublicKey plain) {
        PublicKey inner = plain instanceof Certificate<?> c ? c.getKey() : plain;
        byte[] mine = new Buffer.PlainBuffer().putPublicKey(certificate.getKey()).getCompactData();
        byte[] theirs = new Buffer.PlainBuffer().putPublicKey(inner).getCompactData();
        return Arrays.equals(mine, theirs);
    }

    /**
     * Why the server will refuse this certificate for {@code user} at {@code now}, in the order OpenSSH's
     * sshd checks ({@code sshkey_cert_check_authority}), or empty if Holdfast sees no reason. Whether the
     * server trusts its CA only the server knows.
     */
    Optional<String> problemFor(String user, Instant now) {
        if (certificate.getType() != USER_TYPE) {
            return Optional.of("is a host certificate, not a user certificate (ssh-keygen -s without -h makes those)");
        }
        Date after = certificate.getValidAfter();
        Date before = certificate.getValidBefore();
        if (after != null && now.isBefore(after.toInstant())) {
            return Optional.of("is not valid before " + after.toInstant());
        }
        if (before != null && !now.isBefore(before.toInstant())) {
            return Optional.of("expired at " + before.toInstant());
        }
        List<String> names = principals();
        if (names != null && !names.isEmpty() && !names.contains(user)) {
            return Optional.of("is for the user" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                    + ", not for " + user);
        }
        return Optional.empty();
    }

    /** For the log: "ssh-ed25519-cert-v01@openssh.com key ID "x" serial 7". */
    String describe() {
        return type + " key ID \"" + keyId() + "\" serial " + serial();
    }

    /** The key to authenticate with: this certificate as its public half, {@code key}'s private half. */
    KeyProvider presentedWith(KeyProvider key) {
        return new Presented(key, certificate);
    }

    /** A key provider presenting a certificate for another provider's private key. */
    private record Presented(KeyProvider key, Certificate<PublicKey> certificate) implements KeyProvider {
        @Override
        public PrivateKey getPrivate() throws IOException {
            return key.getPrivate();
        }

        @Override
        public PublicKey getPublic() {
            return certificate;
        }

        @Override
        public KeyType getType() {
            return KeyType.fromKey(certificate);
        }
    }
}
