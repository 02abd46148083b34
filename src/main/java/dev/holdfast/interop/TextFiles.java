package dev.holdfast.interop;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reading the small text files other tools write: {@link ReadLimits}, BOMs (UTF-16 as regedit writes), UTF-8. */
final class TextFiles {
    private TextFiles() {
    }

    static String read(Path file) throws ImportException {
        return read(file, ReadLimits.standard());
    }

    /** The file as text, counted against {@code limits}. */
    static String read(Path file, ReadLimits limits) throws ImportException {
        byte[] bytes = limits.read(file);
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf) {
            skip = 3;
        }
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException(file, 0, "is not text in " + charset.name()
                    + (skip == 0 ? " (nor UTF-16 with a byte-order mark, as regedit writes)" : ""));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ImportException(file, (int) text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1,
                    "is not a text file (it contains NUL characters)");
        }
        limits.lines(file, (int) text.chars().filter(c -> c == '\n').count() + 1);
        return text;
    }

    /** PuTTY's and WinSCP's %XX escapes (not '+' for space, which they do not use). */
    static String unescape(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
