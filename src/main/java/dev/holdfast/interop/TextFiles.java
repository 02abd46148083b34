package dev.holdfast.interop;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reading the small text files other tools write, counted against {@link ReadLimits}: a byte-order mark
 * chooses UTF-8, UTF-16 (as regedit writes) or UTF-32 (refused, naming it); without one the text is UTF-8,
 * or Windows-1252 for an ANSI {@code REGEDIT4} export. UTF-16 or UTF-32 without a mark is recognised by its
 * NUL bytes and refused with its name, not as "contains NUL". A file cut short inside a character says so.
 */
final class TextFiles {
    /**
     * Windows-1252 as Windows decodes it (MultiByteToWideChar): the five bytes the code page leaves
     * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same number, where Java's
     * decoder would refuse them.
     */
    private static final char[] WINDOWS_1252 = windows1252();

    private TextFiles() {
    }

    /** The file as text (byte-order mark, else UTF-8), counted against {@code limits}. */
    static String read(Path file, ReadLimits limits, String writer) throws ImportException {
        return decode(file, limits.read(file), limits, writer, false);
    }

    /**
     * A registry export: UTF-16 with a byte-order mark as regedit 5 writes it, UTF-8 (with or without a
     * mark), or an ANSI {@code REGEDIT4} export (no mark; regedit writes it in the Windows code page, read
     * as Windows-1252).
     */
    static String readRegistryExport(Path file, ReadLimits limits) throws ImportException {
        return decode(file, limits.read(file), limits, "regedit", true);
    }

    /**
     * An ssh_config as OpenSSH reads it: UTF-8 bytes (a UTF-8 byte-order mark skipped). UTF-16 and UTF-32
     * are refused naming the encoding found; other NUL bytes as "not a text file" with their line.
     */
    static String readUtf8(Path file, ReadLimits limits) throws ImportException {
        byte[] bytes = limits.read(file);
        Encoding found = Encoding.detect(bytes);
        if (found.bytesPerUnit > 1) {
            throw new ImportException(file, 0, found.description() + "; ssh reads its config as UTF-8 bytes: save it"
                    + " as UTF-8");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ImportException(file, lineAt(bytes, i), "is not a text file (it contains NUL bytes)");
            }
        }
        String text = decodeStrict(file, bytes, found.bom, StandardCharsets.UTF_8, "is not UTF-8 text");
        limits.lines(file, lineCount(text));
        return text;
    }

    private static String decode(Path file, byte[] bytes, ReadLimits limits, String writer, boolean registry)
            throws ImportException {
        Encoding found = Encoding.detect(bytes);
        String text;
        if (found.bytesPerUnit == 4) {
            throw new ImportException(file, 0, found.description() + ", which " + writer + " does not write: save it"
                    + " as UTF-8" + (registry ? " or UTF-16 (Unicode in Notepad)" : ""));
        } else if (found.bytesPerUnit == 2 && found.bom == 0) {
            throw new ImportException(file, 0, found.description() + (registry ? "; regedit writes UTF-16 with one:"
                    + " export it again, or save it as UTF-8" : ": save it as UTF-8"));
        } else if (found.bytesPerUnit == 2) {
            text = decodeStrict(file, bytes, found.bom, found.charset, "is not text in " + found.charset.name());
        } else if (registry && found.bom == 0 && startsWith(bytes, "REGEDIT4")) {
            text = windows1252(bytes, 0, bytes.length);
        } else {
            text = decodeStrict(file, bytes, found.bom, StandardCharsets.UTF_8, "is not text in UTF-8"
                    + (found.bom == 0 && registry ? " (nor UTF-16 with a byte-order mark, as regedit writes)" : ""));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ImportException(file, lineCount(text.substring(0, nul)),
                    "is not a text file (it contains NUL characters)");
        }
        limits.lines(file, lineCount(text));
        return text;
    }

    /**
     * Decodes after the byte-order mark; a bad sequence is refused as {@code invalid} with its line, one cut off
     * at the end of the file as such.
     */
    private static String decodeStrict(Path file, byte[] bytes, int skip, Charset charset, String invalid)
            throws ImportException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            String before = out.toString();
            boolean cutShort = in.position() + result.length() == bytes.length
                    && cutShort(bytes, in.position(), charset);
            throw new ImportException(file, lineCount(before), cutShort
                    ? "the file ends in the middle of a character (" + charset.name() + "; was it cut short?)"
                    : invalid);
        }
        return out.toString();
    }

    /** Whether the bytes from {@code at} to the end are the start of a character rather than bad bytes. */
    private static boolean cutShort(byte[] bytes, int at, Charset charset) {
        int left = bytes.length - at;
        if (charset.equals(StandardCharsets.UTF_8)) {
            int lead = bytes[at] & 0xff;
            int needed = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3
                    : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
            for (int i = at + 1; i < bytes.length; i++) {
                if ((bytes[i] & 0xc0) != 0x80) {
                    return false;
                }
            }
            return needed > left;
        }
        if (left == 1) {
            return true; // half a UTF-16 unit
        }
        // a high surrogate with nothing after it (and perhaps one byte of the next unit)
        int high = charset.equals(StandardCharsets.UTF_16BE) ? bytes[at] & 0xff : bytes[at + 1] & 0xff;
        return left <= 3 && high >= 0xd8 && high <= 0xdb;
    }

    private static boolean startsWith(byte[] bytes, String ascii) {
        byte[] prefix = ascii.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineCount(String text) {
        return (int) text.chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Bytes as Windows-1252, as Windows reads an ANSI file on a Western system. */
    static String windows1252(byte[] bytes, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            chars[i - from] = WINDOWS_1252[bytes[i] & 0xff];
        }
        return new String(chars);
    }

    private static char[] windows1252() {
        Charset cp1252 = Charset.forName("windows-1252");
        char[] table = new char[256];
        for (int b = 0; b < 256; b++) {
            String one = new String(new byte[] {(byte) b}, cp1252);
            table[b] = one.length() == 1 && one.charAt(0) != '\uFFFD' ? one.charAt(0) : (char) b;
        }
        return table;
    }

    /**
     * PuTTY's and WinSCP's %XX escapes (PuTTY's escape_registry_key; '+' is not a space to them). Each run of
     * escapes is decoded to bytes, then read as UTF-8 if it is valid UTF-8, else as Windows-1252 (PuTTY escapes
     * every byte of a name in the Windows code page: {@code Caf%E9} is "Café"). WinSCP marks UTF-8 with an
     * escaped byte-order mark ({@code %EF%BB%BF}, its UnMungeStr), which is dropped. A '%' not followed by two
     * hex digits stays as it is.
     */
    static String unescape(String text) {
        StringBuilder result = new StringBuilder(text.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                run.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 3;
                continue;
            }
            flush(run, result);
            result.append(c);
            i++;
        }
        flush(run, result);
        return result.toString();
    }

    private static void flush(ByteArrayOutputStream run, StringBuilder result) {
        if (run.size() == 0) {
            return;
        }
        byte[] bytes = run.toByteArray();
        run.reset();
        int from = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            result.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from,
                            bytes.length - from)));
        } catch (CharacterCodingException e) {
            result.append(windows1252(bytes, 0, bytes.length));
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
    }

    /** What the first bytes say the file is: a byte-order mark, or UTF-16/UTF-32 recognised by where its NULs are. */
    private enum Encoding {
        UTF_8_BOM(1, 3, StandardCharsets.UTF_8, "UTF-8"),
        PLAIN(1, 0, StandardCharsets.UTF_8, "UTF-8"),
        UTF_16LE_BOM(2, 2, StandardCharsets.UTF_16LE, "UTF-16LE"),
        UTF_16BE_BOM(2, 2, StandardCharsets.UTF_16BE, "UTF-16BE"),
        UTF_16LE(2, 0, StandardCharsets.UTF_16LE, "UTF-16LE"),
        UTF_16BE(2, 0, StandardCharsets.UTF_16BE, "UTF-16BE"),
        UTF_32LE_BOM(4, 4, null, "UTF-32LE"),
        UTF_32BE_BOM(4, 4, null, "UTF-32BE"),
        UTF_32LE(4, 0, null, "UTF-32LE"),
        UTF_32BE(4, 0, null, "UTF-32BE");

        /** How many leading bytes are looked at to recognise UTF-16 or UTF-32 without a mark. */
        private static final int SAMPLE = 64;

        final int bytesPerUnit;
        final int bom;
        final Charset charset;
        final String label;

        Encoding(int bytesPerUnit, int bom, Charset charset, String label) {
            this.bytesPerUnit = bytesPerUnit;
            this.bom = bom;
            this.charset = charset;
            this.label = label;
        }

        String description() {
            return "is " + label + " text" + (bom > 0 ? "" : " without a byte-order mark");
        }

        static Encoding detect(byte[] b) {
            if (starts(b, 0xff, 0xfe, 0x00, 0x00)) {
                return UTF_32LE_BOM; // before UTF-16LE, whose mark it begins with
            }
            if (starts(b, 0x00, 0x00, 0xfe, 0xff)) {
                return UTF_32BE_BOM;
            }
            if (starts(b, 0xff, 0xfe)) {
                return UTF_16LE_BOM;
            }
            if (starts(b, 0xfe, 0xff)) {
                return UTF_16BE_BOM;
            }
            if (starts(b, 0xef, 0xbb, 0xbf)) {
                return UTF_8_BOM;
            }
            if (pattern(b, 4, 0)) {
                return UTF_32LE;
            }
            if (pattern(b, 4, 3)) {
                return UTF_32BE;
            }
            if (pattern(b, 2, 0)) {
                return UTF_16LE;
            }
            if (pattern(b, 2, 1)) {
                return UTF_16BE;
            }
            return PLAIN;
        }

        /** ASCII text in units of {@code width} bytes: the byte at {@code ascii} in each unit set, the others NUL. */
        private static boolean pattern(byte[] b, int width, int ascii) {
            int units = Math.min(b.length, SAMPLE) / width;
            if (units < 2) {
                return false;
            }
            for (int u = 0; u < units; u++) {
                for (int k = 0; k < width; k++) {
                    boolean nul = b[u * width + k] == 0;
                    if (nul == (k == ascii)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean starts(byte[] b, int... prefix) {
            if (b.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((b[i] & 0xff) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
