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
