package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The public half read from an {@code openssh-key-v1} file's unencrypted header, on files built here byte by
 * byte (the files ssh-keygen makes are checked against their {@code .pub} in KeyFilesIT): every field cut short,
 * lengths that lie, more than one key, text that is not base64, and random bytes.
 */
class KeyFileReaderTest {
    private static final byte[] BLOB = "\0\0\0\013ssh-ed25519\0\0\0\040abcdefghijklmnopqrstuvwxyz012345"
            .getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] string(byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
    }

    private static byte[] string(String value) {
        return string(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** A file of {@code keys} keys (the count field), holding {@code blob} as the first public key. */
    private static byte[] file(int keys, byte[] blob) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(string("aes256-ctr"));
        out.writeBytes(string("bcrypt"));
        out.writeBytes(string(new byte[] {0, 0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 0, 0, 24}));
        out.writeBytes(ByteBuffer.allocate(4).putInt(keys).array());
        out.writeBytes(string(blob));
        out.writeBytes(string(new byte[48])); // the encrypted part, never read for the public half
        return out.toByteArray();
    }

    private static String armoured(byte[] data) {
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(data) + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    @Test
    void theFirstPublicKeyOfAOneKeyFileIsRead() {
        assertArrayEquals(BLOB, KeyFileReader.openSshPublicBlob(armoured(file(1, BLOB))).orElseThrow());
        assertArrayEquals(BLOB, KeyFileReader.openSshPublicBlob(armoured(file(1, BLOB)).replace("\n", "\r\n"))
                .orElseThrow(), "Windows line ends");
    }

    @Test
    void anyOtherCountOrAnEmptyKeyIsNotGuessedAt() {
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(file(2, BLOB))));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(file(0, BLOB))));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(file(-1, BLOB))));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(file(1, new byte[0]))));
    }

    @Test
    void everyCutShortFileAndLyingLengthGivesNothing() {
        byte[] whole = file(1, BLOB);
        int blobEnd = "openssh-key-v1\0".length() + 14 + 10 + 28 + 4 + 4 + BLOB.length;
        for (int length = 0; length < blobEnd; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(cut)), "cut at " + length);
        }
        for (int at = "openssh-key-v1\0".length(); at < blobEnd; at += 4) {
            byte[] lying = whole.clone();
            ByteBuffer.wrap(lying).putInt(at, Integer.MAX_VALUE);
            Optional<byte[]> read = KeyFileReader.openSshPublicBlob(armoured(lying));
            assertTrue(read.isEmpty() || read.get().length < whole.length, "a length of 2^31-1 at " + at);
            ByteBuffer.wrap(lying).putInt(at, -5);
            read = KeyFileReader.openSshPublicBlob(armoured(lying));
            assertTrue(read.isEmpty() || read.get().length < whole.length, "a negative length at " + at);
        }
    }

    @Test
    void notTheFormatGivesNothing() {
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(""));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(file(1, BLOB)).replace("BEGIN", "BEG")));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n%%%% not base64 ****\n-----END OPENSSH PRIVATE KEY-----\n"));
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(
                "-----END OPENSSH PRIVATE KEY-----\n-----BEGIN OPENSSH PRIVATE KEY-----\n"), "the lines the wrong way round");
        byte[] otherMagic = file(1, BLOB);
        otherMagic[8] = 'x';
        assertEquals(Optional.empty(), KeyFileReader.openSshPublicBlob(armoured(otherMagic)));
        Random random = new Random(17);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            assertTrue(KeyFileReader.openSshPublicBlob(armoured(noise)).isEmpty(), "random bytes, seed 17 #" + i);
        }
    }
}
