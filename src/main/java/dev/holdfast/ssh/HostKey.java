package dev.holdfast.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A server's public host key as SSH sends it: the key type name (for example {@code ssh-ed25519}) and the
 * wire-format blob. Immutable.
 *
 * @param type the SSH key type name
 * @param blob the key in SSH wire format, as in known_hosts after base64 decoding
 */
// The blob is copied in and out, and equals/hashCode below compare its contents: the array component is safe.
@SuppressWarnings("ArrayRecordComponent")
public record HostKey(String type, byte[] blob) {

    public HostKey {
        blob = blob.clone();
    }

    /** Reads the {@code type base64} pair of a known_hosts line. */
    public static HostKey fromBase64(String type, String base64) {
        return new HostKey(type, Base64.getDecoder().decode(base64));
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(blob);
    }

    /** OpenSSH's fingerprint format: {@code SHA256:} and unpadded base64 of the blob's SHA-256. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A short name for the UI: ED25519, ECDSA, RSA. */
    public String displayType() {
        if (type.startsWith("ssh-ed25519")) {
            return "ED25519";
        }
        if (type.startsWith("ecdsa-")) {
            return "ECDSA";
        }
        if (type.startsWith("ssh-rsa") || type.startsWith("rsa-")) {
            return "RSA";
        }
        return type.toUpperCase(java.util.Locale.ROOT);
    }

    /** The key family, so rsa-sha2-512 and ssh-rsa count as one kind of key. */
    String family() {
        return displayType();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostKey that && type.equals(that.type) && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + sha256Fingerprint();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
