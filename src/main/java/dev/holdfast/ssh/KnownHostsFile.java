package dev.holdfast.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One known_hosts file in OpenSSH's format, read into memory: plain and hashed ({@code |1|salt|hash})
 * host patterns, wildcards and negation, {@code [host]:port} for other ports, and the {@code @revoked}
 * marker, and {@code @cert-authority} lines (a CA whose host certificates are trusted for the hosts the line
 * matches; see {@link HostKeyCertificate}). A line with any other marker is skipped. Like OpenSSH the
 * file is read as bytes and split on LF (a CR before it is dropped); each line is decoded on its own, so a
 * line that is not UTF-8, holds a NUL or cannot be parsed is skipped and costs that line only. Host names are
 * lower-cased before matching, plain and hashed patterns alike, as ssh does. Blocking I/O when loading: call
 * off the FX thread.
 */
public final class KnownHostsFile {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsFile.class);

    private final Path path;
    private final List<Entry> entries;

    /**
     * A key line.
     *
     * @param line 1-based line number in the file
     * @param revoked whether the line carries {@code @revoked}
     * @param certAuthority whether the line carries {@code @cert-authority}: its key is a CA's, never the
     *                      host's own
     */
    public record Entry(Path file, int line, String patterns, HostKey key, boolean revoked, boolean certAuthority) {
        /** A line without {@code @cert-authority}. */
        public Entry(Path file, int line, String patterns, HostKey key, boolean revoked) {
            this(file, line, patterns, key, revoked, false);
        }

        /** A plain key line: the host's own key, neither revoked nor a CA. */
        boolean hostKey() {
            return !revoked && !certAuthority;
        }

        boolean matches(String host, int port) {
            String name = hostPatternName(host.toLowerCase(Locale.ROOT), port);
            if (patterns.startsWith("|1|")) {
                return hashedMatch(patterns, name);
            }
            boolean matched = false;
            for (String pattern : patterns.split(",", -1)) { // an empty pattern matches no host
                boolean negated = pattern.startsWith("!");
                String body = negated ? pattern.substring(1) : pattern;
                if (wildcardMatch(body.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }
    }

    private KnownHostsFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the file; a missing file is an empty one, and so is one that cannot exist because a folder on
     * its path is a regular file.
     *
     * @throws IOException the file exists but cannot be read at all (permission denied, a directory, an
     *                     I/O error): the caller must not treat its hosts as unknown
     */
    public static KnownHostsFile load(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new KnownHostsFile(path, List.of());
        } catch (IOException e) {
            if (underARegularFile(path)) {
                return new KnownHostsFile(path, List.of()); // ENOTDIR: the file cannot exist, like ENOENT
            }
            throw e;
        }
        return new KnownHostsFile(path, parseAll(path, bytes));
    }

    /** Whether a folder on the way to {@code path} is a regular file, so nothing can be at {@code path}. */
    private static boolean underARegularFile(Path path) {
        for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.isRegularFile(parent)) {
                return true;
            }
        }
        return false;
    }

    /** Every key line in {@code bytes}, split on LF; lines that do not decode or parse are skipped. */
    static List<Entry> parseAll(Path path, byte[] bytes) {
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            Optional<String> text = decode(bytes, start, stop);
            if (text.isPresent()) {
                parse(path, number, text.get()).ifPresent(entries::add);
            } else {
                LOG.debug("Skipped line {} of {}: not UTF-8 text", number, path);
            }
            start = end + 1;
        }
        return entries;
    }

    /** The line as UTF-8 text, or empty if it is not valid UTF-8 or holds a NUL. */
    private static Optional<String> decode(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static Optional<Entry> parse(Path file, int number, String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return Optional.empty();
        }
        String[] fields = line.split("\\s+", -1); // stripped above: no empty field at either end
        int at = 0;
        boolean revoked = false;
        boolean certAuthority = false;
        if (fields[0].startsWith("@")) {
            if (fields[0].equals("@revoked")) {
                revoked = true;
            } else if (fields[0].equals("@cert-authority")) {
                certAuthority = true;
            } else {
                return Optional.empty();
            }
            at = 1;
        }
        if (fields.length < at + 3) {
            return Optional.empty();
        }
        try {
            HostKey key = HostKey.fromBase64(fields[at + 1], fields[at + 2]);
            if (HostKeyCertificate.isCertificateType(key.type())) {
                if (certAuthority) {
                    return Optional.empty(); // a CA key is never a certificate
                }
                // earlier Holdfast saved the certificate itself: it stands for the key it certifies, as
                // OpenSSH compares a certificate with a plain or @revoked key by its plain key
                key = HostKeyCertificate.parse(key).plainKey();
            }
            return Optional.of(new Entry(file, number, fields[at], key, revoked, certAuthority));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Entries whose host pattern matches {@code host} on {@code port}, in file order. */
    public List<Entry> matching(String host, int port) {
        return entries.stream().filter(e -> e.matches(host, port)).toList();
    }

    /** The name known_hosts uses: {@code host} on port 22, {@code [host]:port} otherwise. */
    public static String hostPatternName(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return port == 22 ? bare : "[" + bare + "]:" + port;
    }

    static boolean hashedMatch(String hashed, String name) {
        String[] parts = hashed.split("\\|", -1); // a trailing empty part makes a malformed hash
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] actual = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * OpenSSH's pattern match: '*' any run of characters, '?' exactly one, everything else itself.
     * Case-sensitive: callers lower-case host names first, as ssh does.
     */
    public static boolean wildcardMatch(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
