package dev.holdfast.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;

/**
 * Opens a private key file for SSHJ: OpenSSH's own format (encrypted with bcrypt or not), PEM and PKCS#8
 * (OpenSSH's {@code -m PEM}, encrypted or not) and PuTTY {@code .ppk} of versions 2 and 3, each checked first
 * ({@link PpkFile}). The file is read here, once, and handed to SSHJ as text, so that SSHJ does not pick up a
 * {@code .pub} or {@code -cert.pub} beside it by itself: the certificate to present is chosen by
 * {@link UserCertificate}. SSHJ decodes (and asks the finder for the passphrase) on first use of the key.
 */
final class KeyFileReader {
    /** More than any private key file needs (an RSA 16384 key is about 13 KB). */
    private static final long MAX_SIZE = 1 << 20;
    private static final Pattern PUBLIC_KEY_LINE = Pattern.compile(
            "^(ssh-|ecdsa-|sk-|rsa-)[A-Za-z0-9@.-]+ AAAA[A-Za-z0-9+/=]+.*", Pattern.DOTALL);

    /** A key file whose content Holdfast cannot use; the message completes "Cannot read the key file X: ". */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason);
        }
    }

    private KeyFileReader() {
    }

    private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * The public half of a private key file in SSH wire format, read without its passphrase: OpenSSH's own
     * format and PuTTY's keep it unencrypted in the file (PROTOCOL.key: the public key before the encrypted
     * part; PPK: the Public-Lines). Empty for PEM and PKCS#8 files (whose public half is encrypted with the rest
     * when there is a passphrase), a file of several keys, and anything damaged or too large.
     */
    static java.util.Optional<byte[]> publicBlob(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
                return java.util.Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            if (PpkFile.looksLikePpk(text)) {
                return java.util.Optional.of(PpkFile.check(text).publicBlob());
            }
            return openSshPublicBlob(text);
        } catch (IOException | Unreadable | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The public key of an {@code openssh-key-v1} file's text, if it holds exactly one. */
    static java.util.Optional<byte[]> openSshPublicBlob(String text) {
        int begin = text.indexOf(OPENSSH_BEGIN);
        int end = text.indexOf(OPENSSH_END);
        if (begin < 0 || end < begin) {
            return java.util.Optional.empty();
        }
        byte[] data;
        try {
            data = java.util.Base64.getMimeDecoder().decode(text.substring(begin + OPENSSH_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
        if (data.length < OPENSSH_MAGIC.length
                || !java.util.Arrays.equals(data, 0, OPENSSH_MAGIC.length, OPENSSH_MAGIC, 0, OPENSSH_MAGIC.length)) {
            return java.util.Optional.empty();
        }
        in.position(OPENSSH_MAGIC.length);
        for (int skipped = 0; skipped < 3; skipped++) { // cipher name, KDF name, KDF options
            if (readString(in) == null) {
                return java.util.Optional.empty();
            }
        }
        if (in.remaining() < 4 || in.getInt() != 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(readString(in)).filter(blob -> blob.length > 0);
    }

    /** An SSH {@code string} (uint32 length, bytes), or null if it does not fit in what is left. */
    private static byte[] readString(java.nio.ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return null;
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    /**
     * The provider for a key file, not yet decoded.
     *
     * @throws IOException the file cannot be read
     * @throws Unreadable the file is not a private key Holdfast reads, or a damaged one
     */
    static FileKeyProvider open(SSHClient client, Path file, PasswordFinder finder) throws IOException, Unreadable {
        if (Files.size(file) > MAX_SIZE) {
            throw new Unreadable("it is " + Files.size(file) / 1024 + " KB, too large to be a private key file.");
        }
        // ISO-8859-1 maps every byte to a character: a binary file is refused below, never by a decoder
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            throw new Unreadable("it is empty.");
        }
        KeyFormat format;
        if (PpkFile.looksLikePpk(text)) {
            PpkFile.check(text);
            format = KeyFormat.PuTTY;
        } else if (PUBLIC_KEY_LINE.matcher(text.strip()).matches()) {
            throw new Unreadable("it is a public key, not a private key. Choose the private key file (usually "
                    + "the same name without .pub).");
        } else {
            format = KeyProviderUtil.detectKeyFileFormat(text, false);
        }
        FileKeyProvider provider = format == KeyFormat.Unknown ? null
                : Factory.Named.Util.create(client.getTransport().getConfig().getFileKeyProviderFactories(),
                        format.toString());
        if (provider == null) {
            throw new Unreadable("it is not a private key in a format Holdfast reads (OpenSSH, PEM or PKCS#8, "
                    + "or a PuTTY .ppk file of version 2 or 3).");
        }
        provider.init(text, null, finder);
        return provider;
    }
}
