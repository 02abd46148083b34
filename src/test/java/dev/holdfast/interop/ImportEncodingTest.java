package dev.holdfast.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shared text reader says about a file it cannot read: the encoding it found (UTF-32, UTF-16 without
 * a byte-order mark) rather than "contains NUL characters", and a file cut short inside a character as such.
 * The size check still comes before reading.
 */
class ImportEncodingTest {
    private static final String REG = "Windows Registry Editor Version 5.00\r\n\r\n"
            + "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\web]\r\n\"HostName\"=\"web.example.com\"\r\n";

    @TempDir
    Path dir;

    private static byte[] withMark(byte[] mark, String text, Charset charset) {
        byte[] body = text.getBytes(charset);
        byte[] bytes = Arrays.copyOf(mark, mark.length + body.length);
        System.arraycopy(body, 0, bytes, mark.length, body.length);
        return bytes;
    }

    private String puttyError(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("putty.reg"), bytes);
        return assertThrows(ImportException.class, () -> new PuttyImporter().read(file)).getMessage();
    }

    @Test
    void utf32IsNamedWithOrWithoutAMark() throws Exception {
        Charset utf32le = Charset.forName("UTF-32LE");
        assertTrue(puttyError(withMark(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}, REG, utf32le))
                .endsWith(": is UTF-32LE text, which regedit does not write: save it as UTF-8 or UTF-16 (Unicode in"
                        + " Notepad)"));
        assertTrue(puttyError(REG.getBytes(Charset.forName("UTF-32BE")))
                .endsWith(": is UTF-32BE text without a byte-order mark, which regedit does not write: save it as"
                        + " UTF-8 or UTF-16 (Unicode in Notepad)"));
        Path ini = Files.write(dir.resolve("WinSCP.ini"), "[Sessions\\a]\r\nHostName=a.example.com\r\n"
                .getBytes(utf32le));
        String message = assertThrows(ImportException.class, () -> new WinScpImporter().read(ini)).getMessage();
        assertTrue(message.contains("UTF-32LE text") && message.endsWith("which WinSCP does not write: save it as UTF-8"), message);
    }

    @Test
    void aUtf16FileCutShortSaysItEndsInTheMiddleOfACharacter() throws Exception {
        byte[] whole = withMark(new byte[] {(byte) 0xff, (byte) 0xfe}, REG, StandardCharsets.UTF_16LE);
        String odd = puttyError(Arrays.copyOf(whole, whole.length - 1));
        assertTrue(odd.endsWith(", line 4: the file ends in the middle of a character (UTF-16LE; was it cut short?)"),
                odd);
        // half of a surrogate pair (an emoji) at the end
        byte[] emoji = withMark(new byte[] {(byte) 0xfe, (byte) 0xff}, REG + "; \uD83D\uDE00", StandardCharsets.UTF_16BE);
        String half = puttyError(Arrays.copyOf(emoji, emoji.length - 2));
        assertTrue(half.contains("the file ends in the middle of a character (UTF-16BE"), half);
        // UTF-8 too: the first byte of "é" and nothing after it
        byte[] utf8 = (REG + "; caf\u00e9").getBytes(StandardCharsets.UTF_8);
        Path ini = Files.write(dir.resolve("WinSCP.ini"), Arrays.copyOf(utf8, utf8.length - 1));
        String cut = assertThrows(ImportException.class, () -> new WinScpImporter().read(ini)).getMessage();
        assertTrue(cut.contains("the file ends in the middle of a character (UTF-8"), cut);
        // while a bad byte in the middle is not text, with its line
        byte[] bad = (REG + "x\r\n").getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 3] = (byte) 0xff;
        assertTrue(puttyError(bad).contains("line 5: is not text in UTF-8"));
    }

    @Test
    void utf16WithoutAMarkIsNamedForRegeditAndForSsh() throws Exception {
        String message = puttyError(REG.getBytes(StandardCharsets.UTF_16LE));
        assertTrue(message.endsWith(": is UTF-16LE text without a byte-order mark; regedit writes UTF-16 with one:"
                + " export it again, or save it as UTF-8"), message);
        // the reader an ssh_config needs: UTF-8 bytes; UTF-16 named, with or without a mark
        Path config = Files.write(dir.resolve("config"), withMark(new byte[] {(byte) 0xff, (byte) 0xfe},
                "Host web\n  HostName web.example.com\n", StandardCharsets.UTF_16LE));
        assertEquals(config + ": is UTF-16LE text; ssh reads its config as UTF-8 bytes: save it as UTF-8",
                assertThrows(ImportException.class, () -> TextFiles.readUtf8(config, ReadLimits.standard()))
                        .getMessage());
        Files.write(config, "Host web\n".getBytes(StandardCharsets.UTF_16BE));
        assertTrue(assertThrows(ImportException.class, () -> TextFiles.readUtf8(config, ReadLimits.standard()))
                .getMessage().contains("is UTF-16BE text without a byte-order mark"));
        // real NUL bytes in a UTF-8 file are still "not a text file", with their line
        Files.write(config, "Host web\n  HostName a\0b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(config + ", line 2: is not a text file (it contains NUL bytes)",
                assertThrows(ImportException.class, () -> TextFiles.readUtf8(config, ReadLimits.standard()))
                        .getMessage());
        Files.write(config, new byte[] {'H', 'o', 's', 't', ' ', (byte) 0xe9, '\n'});
        assertEquals(config + ", line 1: is not UTF-8 text", assertThrows(ImportException.class,
                () -> TextFiles.readUtf8(config, ReadLimits.standard())).getMessage(), "the words OpenSSH's reader used");
        Files.write(config, "\uFEFFHost web\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("Host web\n", TextFiles.readUtf8(config, ReadLimits.standard()));
        Path ini = Files.write(dir.resolve("WinSCP.ini"), "[Sessions\\a]\r\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals(ini + ": is UTF-16LE text without a byte-order mark: save it as UTF-8",
                assertThrows(ImportException.class, () -> new WinScpImporter().read(ini)).getMessage());
    }

    @Test
    void a20MegabyteRegIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.reg");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(20L * 1024 * 1024);
        }
        long start = System.nanoTime();
        String message = assertThrows(ImportException.class, () -> new PuttyImporter().read(big)).getMessage();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(big + ": is 20 MB; a settings file is a small text file (this one is refused above 8 MB)", message);
        // reading 20 MB and decoding them takes far longer than looking at the size; a generous bound for a busy machine
        assertTrue(millis < 2_000, millis + " ms");
    }
}
