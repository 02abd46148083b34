package dev.holdfast.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks Holdfast makes on a PuTTY private key file ({@code .ppk}) before SSHJ decodes it, so that a
 * damaged file or an unknown version is told apart from a wrong passphrase, in plain words. Follows the
 * format as PuTTY's manual describes it (appendix C, "PPK file format"): versions 2 and 3, a header line
 * {@code PuTTY-User-Key-File-<version>: <algorithm>}, {@code Encryption} ({@code none} or
 * {@code aes256-cbc}), {@code Comment}, the public and private blobs as counted base64 lines, for an
 * encrypted version 3 file the Argon2 parameters, and {@code Private-MAC}. For an unencrypted file the MAC
 * is checked here (SSHJ checks it only for encrypted ones, where a mismatch means a wrong passphrase).
 */
final class PpkFile {
    static final String HEADER = "PuTTY-User-Key-File-";
    private static final Set<String> ARGON2 = Set.of("argon2id", "argon2i", "argon2d");
    private static final List<String> ARGON2_FIELDS = List.of("Argon2-Memory", "Argon2-Passes",
            "Argon2-Parallelism", "Argon2-Salt");

    private final int version;
    private final String algorithm;
    private final boolean encrypted;
    private final byte[] publicBlob;

    private PpkFile(int version, String algorithm, boolean encrypted, byte[] publicBlob) {
        this.version = version;
        this.algorithm = algorithm;
        this.encrypted = encrypted;
        this.publicBlob = publicBlob.clone();
    }

    /** Whether a file's text starts as a PuTTY key file does (any version). */
    static boolean looksLikePpk(String text) {
        return text.stripLeading().startsWith(HEADER);
    }

    int version() {
        return version;
    }

    String algorithm() {
        return algorithm;
    }

    /** The public key in SSH wire format (the Public-Lines, never encrypted). */
    byte[] publicBlob() {
        return publicBlob.clone();
    }

    boolean encrypted() {
        return encrypted;
    }

    /**
     * Reads and checks a PuTTY key file's structure (and, when it is not encrypted, its MAC).
     *
     * @param text the file's bytes read as ISO-8859-1, one character per byte, so that a comment in UTF-8
     *     (or any other encoding) goes into the MAC as the bytes PuTTY wrote
     *
     * @throws KeyFileReader.Unreadable in plain words: the version is not 2 or 3, the file is cut short or
     *     damaged, or its encryption or key derivation is one Holdfast does not know
     */
    static PpkFile check(String text) throws KeyFileReader.Unreadable {
        List<String> lines = text.lines().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                .dropWhile(String::isBlank).toList();
        Cursor in = new Cursor(lines);
        String first = in.next();
        int colon = first.indexOf(": ");
        if (!first.startsWith(HEADER) || colon < 0) {
            throw damaged("its first line is not a PuTTY key file header");
        }
        int version;
        try {
            version = Integer.parseInt(first.substring(HEADER.length(), colon));
        } catch (NumberFormatException e) {
            throw damaged("its first line is not a PuTTY key file header");
        }
        if (version == 1) {
            throw new KeyFileReader.Unreadable("it is a PuTTY key file of version 1 (PuTTY before 0.52); "
                    + "Holdfast reads versions 2 and 3. Load it in PuTTYgen and save it again to convert it.");
        }
        if (version != 2 && version != 3) {
            throw new KeyFileReader.Unreadable("it is a PuTTY key file of version " + version
                    + ", which is newer than Holdfast knows; Holdfast reads versions 2 and 3. In PuTTYgen, "
                    + "choose Key > Parameters for saving key files > PPK file version 3 and save it again.");
        }
        String algorithm = first.substring(colon + 2).trim();
        Map<String, String> fields = new HashMap<>();
        String encryption = in.field("Encryption", fields);
        boolean encrypted;
        if (encryption.equals("none")) {
            encrypted = false;
        } else if (encryption.equals("aes256-cbc")) {
            encrypted = true;
        } else {
            throw new KeyFileReader.Unreadable("it is encrypted with \"" + encryption
                    + "\", which Holdfast does not know (PuTTY writes aes256-cbc).");
        }
        String comment = in.field("Comment", fields);
        byte[] publicBlob = in.blob("Public-Lines", fields);
        if (version == 3 && encrypted) {
            String kdf = in.field("Key-Derivation", fields);
            if (!ARGON2.contains(kdf.toLowerCase(Locale.ROOT))) {
                throw new KeyFileReader.Unreadable("its key derivation \"" + kdf
                        + "\" is not one Holdfast knows (Argon2id, Argon2i or Argon2d).");
            }
            for (String name : ARGON2_FIELDS) {
                String value = in.field(name, fields);
                if (name.equals("Argon2-Salt") ? !isHex(value) : !isNumber(value)) {
                    throw damaged("its " + name + " line is not valid");
                }
            }
        }
        byte[] privateBlob = in.blob("Private-Lines", fields);
        String mac = in.field("Private-MAC", fields);
        if (!isHex(mac) || mac.length() != (version == 2 ? 40 : 64)) {
            throw damaged("its Private-MAC line is not valid");
        }
        if (encrypted && privateBlob.length % 16 != 0) {
            throw damaged("its encrypted private part is cut short");
        }
        if (!encrypted && !macMatches(version, algorithm, encryption, comment, publicBlob, privateBlob, mac)) {
            throw damaged("its checksum (Private-MAC) does not match its content, so it was changed or cut short");
        }
        return new PpkFile(version, algorithm, encrypted, publicBlob);
    }

    private static boolean macMatches(int version, String algorithm, String encryption, String comment,
                                      byte[] publicBlob, byte[] privateBlob, String mac) {
        try {
            Mac hmac;
            if (version == 2) {
                // the MAC key is SHA-1 of this text and the passphrase, which is empty for an unencrypted file
                byte[] key = MessageDigest.getInstance("SHA-1")
                        .digest("putty-private-key-file-mac-key".getBytes(StandardCharsets.US_ASCII));
                hmac = Mac.getInstance("HmacSHA1");
                hmac.init(new SecretKeySpec(key, "HmacSHA1"));
            } else {
                // an empty MAC key; HMAC pads a short key with zero bytes to its block size (64 for SHA-256)
                hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(new byte[64], "HmacSHA256"));
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            putString(data, algorithm.getBytes(StandardCharsets.ISO_8859_1));
            putString(data, encryption.getBytes(StandardCharsets.ISO_8859_1));
            putString(data, comment.getBytes(StandardCharsets.ISO_8859_1));
            putString(data, publicBlob);
            putString(data, privateBlob);
            byte[] expected = hmac.doFinal(data.toByteArray());
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(mac.toLowerCase(Locale.ROOT)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA-1 or HMAC-SHA-256", e);
        }
    }

    private static void putString(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    private static boolean isHex(String value) {
        return !value.isEmpty() && value.length() % 2 == 0 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static boolean isNumber(String value) {
        return !value.isEmpty() && value.length() < 10 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static KeyFileReader.Unreadable damaged(String what) {
        return new KeyFileReader.Unreadable("it is a damaged PuTTY key file: " + what + ".");
    }

    /** Walks the file's lines in the order the format fixes. */
    private static final class Cursor {
        private final List<String> lines;
        private int next;

        Cursor(List<String> lines) {
            this.lines = lines;
        }

        String next() throws KeyFileReader.Unreadable {
            if (next >= lines.size()) {
                throw damaged("it ends too early (cut short?)");
            }
            return lines.get(next++);
        }

        /** The next line, which must be {@code name: value}. */
        String field(String name, Map<String, String> seen) throws KeyFileReader.Unreadable {
            String line = next();
            if (!line.startsWith(name + ": ")) {
                throw damaged("a \"" + name + ":\" line was expected where it has \"" + shorten(line) + "\"");
            }
            String value = line.substring(name.length() + 2);
            seen.put(name, value);
            return value;
        }

        /** A counted run of base64 lines. */
        byte[] blob(String name, Map<String, String> seen) throws KeyFileReader.Unreadable {
            String count = field(name, seen);
            if (!isNumber(count)) {
                throw damaged("its " + name + " line is not valid");
            }
            int n = Integer.parseInt(count);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (next >= lines.size()) {
                    throw damaged("the " + name.replace("-Lines", "").toLowerCase(Locale.ROOT)
                            + " key is cut short");
                }
                parts.add(lines.get(next++).trim());
            }
            try {
                return Base64.getDecoder().decode(String.join("", parts));
            } catch (IllegalArgumentException e) {
                throw damaged("the " + name.replace("-Lines", "").toLowerCase(Locale.ROOT)
                        + " key is not valid base64");
            }
        }

        private static String shorten(String line) {
            return line.length() > 40 ? line.substring(0, 40) + "..." : line;
        }
    }
}
